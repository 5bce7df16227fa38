#!/usr/bin/env bash
# The Api issue's load on PostgreSQL: a real cluster (PostgreSQL, one Silo process with Silo__Role=gpu, the Api
# as its client, all on loopback, as scripts/faults.sh starts them), warmed up, then `Cli load` at a fixed rate.
# Warm-up: 3,000 background sessions from 32 callers, then 30 s of realtime at 120/s; a cold process spends its
# first half minute under load in the JIT's tiered recompilation, which is start-up, not sustained service.
# Prints each measured run's JSON line (Cli load's); exits 1 when a run had errors.
# usage: scripts/api-load.sh [--rate N] [--runs N] [--seconds N] [--background]
set -uo pipefail
cd "$(dirname "$0")/.."
rate=150; runs=2; seconds=30; background=
while [ $# -gt 0 ]; do
  case $1 in
    --rate) rate=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --background) background=1; shift ;;
    *) echo "usage: $0 [--rate N] [--runs N] [--seconds N] [--background]"; exit 2 ;;
  esac
done

. scripts/cluster.sh
cluster_init apiload
failed=0
start_silo gpu gpu 11111 30000
wait_silo 11111 || { echo "the silo did not join"; tail -n 30 "$work/gpu.log"; failed=1; exit 1; }
start_api
wait_ready || { echo "the Api did not become ready"; tail -n 30 "$work/api.log"; failed=1; exit 1; }
load --mode background --requests 3000 --clients 32 --drain-timeout 600 --run-id warm-bg >/dev/null
load --mode realtime --duration 30 --rate 120 --clients 128 --run-id warm-rt >/dev/null
for run in $(seq 1 "$runs"); do
  line=$(load --mode realtime --duration "$seconds" --rate "$rate" --clients 128 --run-id "rt-$run")
  echo "$line"
  [ "$(json "['errors']" <<<"$line")" = "0" ] || failed=1
done
if [ -n "$background" ]; then
  line=$(load --mode background --duration "$seconds" --rate "$rate" --clients 128 --drain-timeout 600 --run-id bg)
  echo "$line"
  [ "$(json "['errors']" <<<"$line")" = "0" ] || failed=1
fi
exit $failed
