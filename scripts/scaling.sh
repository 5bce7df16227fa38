#!/usr/bin/env bash
# What a second silo does to throughput on this machine: a real cluster (PostgreSQL, Silo processes, the Api) is
# measured with one silo (role gpu), then again once a second silo (role cpu) has joined, with the same loads
# from `Cli load`: background sessions completed per second, and realtime requests per second with their p99.
# Prints a table and one JSON line; exits 1 when two silos completed fewer background sessions per second
# than one (less than 90 %, the spread between repeated runs here).
# usage: scripts/scaling.sh [--sessions N] [--clients N] [--seconds N] [--down]
set -uo pipefail
cd "$(dirname "$0")/.."
sessions=1500; clients=32; seconds=20; order=up
while [ $# -gt 0 ]; do
  case $1 in
    --sessions) sessions=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --down) order=down; shift ;;
    *) echo "usage: $0 [--sessions N] [--clients N] [--seconds N] [--down]"; exit 2 ;;
  esac
done

. scripts/cluster.sh
cluster_init scaling
failed=0
declare -A busy  # the machine's CPU busy % (all cores, every process) during each background measurement

# Each configuration gets the same warm-up (JIT tiers, pools, the ONNX session, PostgreSQL's caches) before
# it is measured; with only 200 requests, whichever configuration ran second looked twice as fast.
measure() { # silos
  load --mode background --requests 600 --clients "$clients" --drain-timeout 600 --run-id "warm-bg-$1" >/dev/null
  load --mode realtime --requests 300 --clients 16 --run-id "warm-$1" >/dev/null
  local before; before=$(head -n 1 /proc/stat)
  load --mode background --requests "$sessions" --clients "$clients" --drain-timeout 600 --run-id "bg-$1" >"$work/bg-$1.json"
  busy[$1]=$(python3 -c "import sys; a, b = ([int(x) for x in l.split()[1:]] for l in sys.argv[1:]); d = [y - x for x, y in zip(a, b)]; print(round(100 * (1 - (d[3] + d[4]) / sum(d))))" "$before" "$(head -n 1 /proc/stat)")
  load --mode realtime --duration "$seconds" --clients "$clients" --run-id "rt-$1" >"$work/rt-$1.json"
}
figures() { # silos -> "completed/s req/s p99 errors"
  echo "$(json "['completed_per_second']" <"$work/bg-$1.json") $(json "['requests_per_second']" <"$work/rt-$1.json")" \
    "$(json "['p99_ms']" <"$work/rt-$1.json") $(( $(json "['errors']" <"$work/bg-$1.json") + $(json "['errors']" <"$work/rt-$1.json") ))"
}

start_silo gpu gpu 11111 30000
wait_silo 11111 || { echo "the silo did not join"; tail -n 30 "$work/gpu.log"; failed=1; exit 1; }
add_second() {
  start_silo second "${SCALING_SECOND_ROLE:-cpu}" 11112 30001
  wait_silo 11112 || { echo "the second silo did not join"; tail -n 30 "$work/second.log"; failed=1; exit 1; }
}
# --down measures two silos first and then one, after the second has stopped gracefully, so that what the
# first measurement leaves behind (activations, history, a larger heap) weighs on the other configuration.
[ "$order" = down ] && add_second
start_api
wait_ready || { echo "the Api did not become ready"; tail -n 30 "$work/api.log"; failed=1; exit 1; }
if [ "$order" = down ]; then
  measure 2
  kill "${pids[second]}"; wait "${pids[second]}" 2>/dev/null
  measure 1
else
  measure 1
  add_second
  measure 2
fi

read -r bg1 rt1 p1 e1 <<<"$(figures 1)"
read -r bg2 rt2 p2 e2 <<<"$(figures 2)"
printf '%-6s %26s %10s %18s %18s %8s\n' silos "background sessions/s" "CPU busy" "realtime req/s" "realtime p99 ms" errors
printf '%-6s %26s %9s%% %18s %18s %8s\n' 1 "$bg1" "${busy[1]}" "$rt1" "$p1" "$e1" 2 "$bg2" "${busy[2]}" "$rt2" "$p2" "$e2"
echo "{\"cores\":$(nproc),\"sessions\":$sessions,\"clients\":$clients,\"one\":{\"background_per_second\":$bg1,\"cpu_busy_percent\":${busy[1]},\"realtime_per_second\":$rt1,\"realtime_p99_ms\":$p1,\"errors\":$e1},\"two\":{\"background_per_second\":$bg2,\"cpu_busy_percent\":${busy[2]},\"realtime_per_second\":$rt2,\"realtime_p99_ms\":$p2,\"errors\":$e2}}"
if python3 -c "import sys; sys.exit(0 if float('$bg2') >= 0.9 * float('$bg1') else 1)"; then
  echo "a second silo did not lower background throughput"
else
  failed=1; echo "a second silo lowered background throughput: $bg1 -> $bg2 sessions/s"; exit 1
fi
