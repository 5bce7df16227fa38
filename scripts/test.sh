#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line: "tests: N passed, N failed, N skipped".
# It installs and starts whatever the tests need, so it works on a fresh machine as root.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
results=$(mktemp -d)
trap 'rm -rf "$log" "$results"' EXIT

dotnet build Counseling.sln -c Release -nologo -v quiet 2>&1 | tee -a "$log"
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

# The database tests need a real PostgreSQL server.
. scripts/postgres.sh
if [ -z "${TEST_POSTGRES:-}" ]; then
  if ensure_postgres; then
    export TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres"
  else
    echo "could not start PostgreSQL; the database tests will fail"
  fi
fi

# A test that hangs is stopped after 5 minutes and named in the output (the slowest takes about 20 s), and
# a project that still does not finish is ended at 12, so a hang fails the run instead of outlasting CI.
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  timeout --kill-after=30s 12m dotnet test "$project" -c Release --no-build -nologo --results-directory "$results" \
    --blame-hang-timeout 5m --blame-hang-dump-type none \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

# The fault suite's short version: real processes on loopback, each scenario counted as one test.
CLUSTER_NO_BUILD=1 timeout --kill-after=30s 12m bash scripts/faults.sh --short 2>&1 | tee "$results/faults.txt" | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
read -r faults_passed faults_failed < <(awk '/^faults: / { print $2, $4 }' "$results/faults.txt" 2>/dev/null || true)

# Each project's TRX file has one <Counters total=… passed=… failed=… notExecuted=…/> (skipped tests are notExecuted).
read -r passed failed skipped < <(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/[^0-9]/, "", kv[2]);
      if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed") f += kv[2]; if (kv[1] == "notExecuted") s += kv[2] } }
  END { printf "%d %d %d\n", p, f, s }')
passed=$((passed + ${faults_passed:-0})); failed=$((failed + ${faults_failed:-0}))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
