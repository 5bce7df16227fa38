# Sourced by scripts/test.sh and scripts/faults.sh: ensure_postgres installs PostgreSQL from Debian's packages
# when its binaries are missing, starts the cluster apt created, and sets the postgres user's password.
# Each step is a no-op when already done.
postgres_version() { ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1; }
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(postgres_version)" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
  fi
  local version; version=$(postgres_version)
  # Some images ship the binaries without a cluster; create the default one apt would have made.
  if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    pg_createcluster "$version" main >/dev/null || return 1
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    pg_ctlcluster "$version" main start || return 1
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p 5432 || return 1
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null || return 1
}
