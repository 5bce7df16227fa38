# Sourced by scripts/faults.sh and scripts/scaling.sh: a cluster of separate processes on this machine —
# PostgreSQL, Silo processes and the Api on loopback with AdoNet clustering — in a database of its own.
# cluster_init NAME builds (unless CLUSTER_NO_BUILD is set), starts PostgreSQL, creates the database and
# migrates it; the EXIT trap stops every process and drops the database, keeping the processes' logs in
# /tmp/NAME-logs when the caller's $failed is above 0 or CLUSTER_KEEP_LOGS is set.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
silo_dll=Silo/bin/Release/net10.0/Counseling.Silo.dll
api_dll=Api/bin/Release/net10.0/Counseling.Api.dll
cli_dll=Cli/bin/Release/net10.0/Counseling.Cli.dll
api_port=18080; api="http://127.0.0.1:$api_port"
declare -A pids

cluster_init() {
  cluster_name=$1
  [ -n "${CLUSTER_NO_BUILD:-}" ] || dotnet build Counseling.sln -c Release -nologo -v quiet >/dev/null || { echo "build failed"; exit 1; }
  . scripts/postgres.sh
  ensure_postgres || { echo "could not start PostgreSQL"; exit 1; }
  pg_version=$(postgres_version)
  # The checks read JSON with python3's standard library; curl probes the Api.
  for tool in python3:python3-minimal curl:curl; do
    command -v "${tool%%:*}" >/dev/null 2>&1 && continue
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool##*:}" >/dev/null; } || { echo "${tool%%:*} missing"; exit 1; }
  done
  work=$(mktemp -d)
  database="${cluster_name}_$(date +%s)"
  psql_server "CREATE DATABASE $database" >/dev/null
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=$database;Maximum Pool Size=30"
  export ENCRYPTION_KEY; ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
  export Orleans__ClusterId="$cluster_name" Orleans__ServiceId="$cluster_name" Orleans__AdvertisedIP=127.0.0.1
  export Logging__LogLevel__Default=Warning
  key="$cluster_name-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  trap cluster_cleanup EXIT
  dotnet $silo_dll migrate >"$work/migrate.log" 2>&1 || { echo "migrate failed"; cat "$work/migrate.log"; exit 1; }
}
psql_server() { su postgres -c "psql -qtA -c \"$1\""; }
psql_db() { su postgres -c "psql -qtA -d $database -c \"$1\""; }
start_silo() { # name role silo-port gateway-port
  Silo__Role=$2 Orleans__SiloPort=$3 Orleans__GatewayPort=$4 dotnet $silo_dll >"$work/$1.log" 2>&1 &
  pids[$1]=$!
}
start_api() {
  API_PORT=$api_port Auth__ApiKeys__0__Name=$cluster_name Auth__ApiKeys__0__Key=$key Auth__ApiKeys__0__Roles__0=ingest \
    Auth__ApiKeys__0__Roles__1=read Auth__ApiKeys__0__Roles__2=admin Auth__ApiKeys__0__PermitsPerSecond=100000 \
    dotnet $api_dll >>"$work/api.log" 2>&1 &
  pids[api]=$!
}
wait_ready() { for _ in $(seq 1 90); do curl -sf -o /dev/null "$api/health/live" && curl -sf -o /dev/null -H "X-API-Key: $key" "$api/api/v1/info" && return 0; sleep 1; done; return 1; }
# Orleans writes each silo's status to the membership table (3 is Active); a restarted silo has a new generation.
wait_silo() { for _ in $(seq 1 90); do
  [ "$(psql_db "SELECT count(*) FROM orleans_membership WHERE port = $1 AND status = 3 AND generation = (SELECT max(generation) FROM orleans_membership WHERE port = $1)")" = "1" ] && return 0
  sleep 1; done; return 1; }
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; sleep 2; for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; }
cluster_cleanup() {
  stop_all; pg_ctlcluster "$pg_version" main start >/dev/null 2>&1
  psql_server "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1
  # The processes' logs outlive a failed run, for whoever looks into it.
  if [ "${failed:-0}" -gt 0 ] || [ -n "${CLUSTER_KEEP_LOGS:-}" ]; then
    rm -rf "/tmp/$cluster_name-logs"; cp -r "$work" "/tmp/$cluster_name-logs"; echo "logs kept in /tmp/$cluster_name-logs"
  fi
  rm -rf "$work"
}
json() { python3 -c "import json,sys; d=json.loads(sys.stdin.readline()); print(d$1)" 2>/dev/null; }
load() { # extra args; prints the JSON line
  dotnet $cli_dll load --url "$api" --api-key "$key" --warmup 0 "$@" 2>"$work/load.err" | tail -n 1
}
