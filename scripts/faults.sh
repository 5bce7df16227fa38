#!/usr/bin/env bash
# The fault suite: a real cluster on this machine — PostgreSQL, two Silo processes (one marked gpu) and the Api
# as separate processes on loopback with AdoNet clustering — put through a silo killed with SIGKILL, a
# PostgreSQL restart, an Api restart and a malformed-input barrage, under load from `Cli load`.
# Each scenario prints what it checked and its numbers; the script exits non-zero when a check fails and ends
# with "faults: N passed, N failed". --short is the CI size (200 sessions, 10 s barrage).
set -uo pipefail
cd "$(dirname "$0")/.."
sessions=1000; barrage_seconds=60
[ "${1:-}" = "--short" ] && { sessions=200; barrage_seconds=10; }

. scripts/cluster.sh
# Callbacks go to a receiver on loopback, which the callback policy refuses unless told otherwise.
hook_port=18090; hooks="http://127.0.0.1:$hook_port/hook"
export Webhooks__SigningSecret; Webhooks__SigningSecret=$(head -c 32 /dev/urandom | base64)
export Webhooks__AllowHttp=true Webhooks__AllowPrivateNetworks=true Webhooks__AllowedHosts__0=127.0.0.1
cluster_init faults

passed=0; failed=0
check() { # name condition-result message
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "PASS $1: $3"; else failed=$((failed + 1)); echo "FAIL $1: $3"; fi
}
history_count() { psql_db "SELECT count(*) || ' ' || count(DISTINCT session_id) || ' ' || coalesce(max(session_version), 0) FROM prediction_history WHERE session_id LIKE 'load-$1-%'"; }

# The webhook receiver writes one line per delivery attempt it is sent: session id, Idempotency-Key.
python3 - "$hook_port" "$work/hooks.tsv" >"$work/hooks.log" 2>&1 <<'PY' &
import http.server, json, sys, threading
port, path = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        with lock, open(path, "a") as f:
            f.write(f"{body.get('session_id')}\t{self.headers.get('Idempotency-Key')}\n")
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
pids[hooks]=$!
: >"$work/hooks.tsv"
# Sessions of a run with a delivered callback, and how many of them saw more than one Idempotency-Key.
hook_count() { python3 - "$work/hooks.tsv" "load-$1-" <<'PY'
import sys, collections
keys = collections.defaultdict(set)
for line in open(sys.argv[1]):
    session, _, key = line.rstrip("\n").partition("\t")
    if session.startswith(sys.argv[2]): keys[session].add(key)
print(len(keys), sum(len(k) > 1 for k in keys.values()))
PY
}

start_silo gpu gpu 11111 30000
start_silo cpu cpu 11112 30001
wait_silo 11111 && wait_silo 11112 || { echo "the silos did not join"; tail -n 30 "$work/cpu.log"; exit 1; }
start_api
wait_ready || { echo "the Api did not become ready"; tail -n 30 "$work/api.log"; exit 1; }
echo "cluster up: silos gpu (pid ${pids[gpu]}) and cpu (pid ${pids[cpu]}), api (pid ${pids[api]}) on $api, database $database"

# 1. SIGKILL one silo in the middle of background sessions. The loader resends a 503 as a caller honouring
# Retry-After would, so every session must end up accepted, completed once, in history once, and called back.
rate=100
load --mode background --requests "$sessions" --rate $rate --clients 32 --retry-for 120 --drain-timeout 300 --run-id kill \
  --callback-url "$hooks" >"$work/kill.json" &
loader=$!
sleep $(( sessions / rate / 3 + 1 ))
kill -9 "${pids[cpu]}"; echo "killed silo cpu with SIGKILL"
# While the dead silo is still in the membership table the Api must go on answering, within seconds: health
# from itself, and info (it asks a grain) either served or refused for now with 503.
sleep 3
live=$(curl -s -o /dev/null --max-time 5 -w "%{http_code}" "$api/health/live")
info=$(curl -s -o /dev/null --max-time 5 -w "%{http_code}" -H "X-API-Key: $key" "$api/api/v1/info")
wait $loader
accepted=$(json "['by_status'].get('202',0)" <"$work/kill.json"); completed=$(json "['completed']" <"$work/kill.json")
five=$(json "['by_status'].get('500',0)" <"$work/kill.json")
read -r rows distinct version <<<"$(history_count kill)"
for _ in $(seq 1 120); do read -r called mixed <<<"$(hook_count kill)"; [ "$called" -ge "$accepted" ] && break; sleep 1; done
check "kill-9 silo" $([ "$accepted" = "$sessions" ] && [ "$completed" = "$accepted" ] && [ "$rows" = "$accepted" ] && [ "$distinct" = "$rows" ] \
  && [ "$version" = "1" ] && [ "$five" = "0" ] && [ "$called" = "$accepted" ] && [ "$mixed" = "0" ] && [ "$live" = "200" ] && [[ "$info" =~ ^(200|503)$ ]]; echo $?) \
  "$accepted of $sessions accepted, $completed completed, history $rows rows for $distinct sessions (max version $version), 500s: $five; callbacks for $called sessions, $mixed with more than one key; Api after the kill: live $live, info $info; $(cat "$work/kill.json")"
start_silo cpu cpu 11112 30001
wait_silo 11112 || echo "the restarted silo did not join"

# 2. Stop and start PostgreSQL under load.
load --mode background --duration 20 --rate 40 --clients 16 --drain-timeout 300 --run-id pg >"$work/pg.json" &
loader=$!
sleep 5
pg_ctlcluster "$pg_version" main stop -m fast; echo "PostgreSQL stopped"
sleep 2
start=$(date +%s%N)
down=$(curl -s -o /dev/null -D "$work/down.headers" -w "%{http_code}" -X POST -H "X-API-Key: $key" -H "Content-Type: application/json" \
  --max-time 30 -d '{"data":{"consulting_content":"상담사: 안녕하세요.\n고객: 네, 문의드립니다."},"processing_mode":"background"}' "$api/api/v1/callytics/process-data")
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
retry_after=$(grep -i "^retry-after:" "$work/down.headers" | tr -d '\r' | awk '{print $2}')
sleep 5
pg_ctlcluster "$pg_version" main start; echo "PostgreSQL started"
wait $loader
accepted=$(json "['by_status'].get('202',0)" <"$work/pg.json"); completed=$(json "['completed']" <"$work/pg.json")
five=$(json "['by_status'].get('500',0)" <"$work/pg.json")
read -r rows distinct version <<<"$(history_count pg)"
check "postgres restart" $([ "$down" = "503" ] && [ -n "$retry_after" ] && [ "$took_ms" -lt 10000 ] && [ "$completed" = "$accepted" ] && [ "$rows" = "$accepted" ] && [ "$five" = "0" ]; echo $?) \
  "while down: $down in $took_ms ms, Retry-After '$retry_after'; $accepted accepted, $completed completed, history $rows; 500s: $five; $(cat "$work/pg.json")"

# 3. Restart the Api while background work runs.
load --mode background --duration 15 --rate 40 --clients 16 --drain-timeout 300 --run-id api >"$work/api.json" &
loader=$!
sleep 5
kill "${pids[api]}"; wait "${pids[api]}" 2>/dev/null; echo "Api stopped"
start_api; wait_ready; echo "Api started"
wait $loader
accepted=$(json "['by_status'].get('202',0)" <"$work/api.json"); completed=$(json "['completed']" <"$work/api.json")
read -r rows distinct version <<<"$(history_count api)"
check "api restart" $([ "$accepted" -gt 0 ] && [ "$completed" = "$accepted" ] && [ "$rows" = "$accepted" ]; echo $?) \
  "$accepted accepted, $completed completed, history $rows; $(cat "$work/api.json")"

# 4. Malformed input for a while, with valid requests alongside.
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
rss_before=$(rss "${pids[api]}")
python3 - "$api" "$key" "$barrage_seconds" >"$work/barrage.txt" <<'PY'
import http.client, json, socket, sys, threading, time, collections
api, key, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
host, port = api.split("//")[1].split(":"); port = int(port)
path = "/api/v1/callytics/process-data"
valid = {"data": {"consulting_content": "상담사: 안녕하세요, 무엇을 도와드릴까요?\n고객: 카드 분실 신고하려고요."}, "processing_mode": "realtime"}
bodies = [
    b'{"data": {"consulting_content": "abc"', b'{not json', b'[]', b'"text"', b'{"data": 5}', b'{"data": {"consulting_content": 12}}',
    b'{"data": {"consulting_content": "x"}, "processing_mode": "sideways"}', b'[' * 100000 + b']' * 100000,
    b'{"data": {"consulting_content": "\xff\xfe\xfd"}}', '{"data": {"consulting_content": "a\u0000b\u0007"}}'.encode(),
    b'{"data": {"consulting_content": "x"}, "priority": 1e400}', b'{"data": {"consulting_content": "x"}, "priority": 99999999999999999999999}',
    b'{"data": {"consulting_content": "x"}, "surprise": {"a": [1, 2, 3]}}', b'{"session_id": "' + b'a' * 500 + b'", "data": {"consulting_content": "x"}}',
    b'{"data": {"consulting_content": "' + b'x' * (6 * 1024 * 1024) + b'"}}',
]
counts = collections.Counter(); lock = threading.Lock(); stop = time.time() + seconds; valid_ok = [0, 0]
def send(body, ctype="application/json"):
    c = http.client.HTTPConnection(host, port, timeout=30)
    try:
        c.request("POST", path, body=body, headers={"Content-Type": ctype, "X-API-Key": key})
        return c.getresponse().status
    except (ConnectionError, socket.timeout, http.client.HTTPException):
        return 0
    finally:
        c.close()
def bad(i):
    while time.time() < stop:
        body = bodies[i % len(bodies)]; i += 1
        s = send(body)
        # Past the 5 MB limit Kestrel answers 413 and closes the connection while the client is still sending,
        # which the client may see as a reset: the server refused it either way.
        if s == 0 and len(body) > 5 * 1024 * 1024: s = "closed-over-limit"
        with lock: counts[s] += 1
def slow():
    while time.time() < stop:
        s = socket.create_connection((host, port), timeout=30)
        try:
            s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nX-API-Key: {key}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n".encode())
            for _ in range(20):
                if time.time() >= stop: break
                s.sendall(b" "); time.sleep(0.25)
        except OSError:
            pass
        finally:
            s.close()
        with lock: counts["slow"] += 1
def good():
    while time.time() < stop:
        s = send(json.dumps(valid).encode())
        with lock:
            valid_ok[1] += 1; valid_ok[0] += s == 200
        time.sleep(0.2)
threads = [threading.Thread(target=bad, args=(i,)) for i in range(6)] + [threading.Thread(target=slow), threading.Thread(target=good)]
for t in threads: t.start()
for t in threads: t.join()
server_errors = sum(v for k, v in counts.items() if isinstance(k, int) and (k >= 500 or k == 0))
print(json.dumps({"by_status": {str(k): v for k, v in counts.items()}, "server_errors": server_errors, "valid_ok": valid_ok[0], "valid_sent": valid_ok[1]}))
PY
rss_after=$(rss "${pids[api]}")
errors=$(json "['server_errors']" <"$work/barrage.txt"); valid_ok=$(json "['valid_ok']" <"$work/barrage.txt"); valid_sent=$(json "['valid_sent']" <"$work/barrage.txt")
alive=$(curl -s -o /dev/null -w "%{http_code}" "$api/health/live")
check "malformed barrage" $([ "$errors" = "0" ] && [ "$valid_sent" -gt 0 ] && [ "$valid_ok" = "$valid_sent" ] && [ "$alive" = "200" ] && [ "$rss_after" -lt $(( rss_before * 2 + 400000 )) ]; echo $?) \
  "${barrage_seconds}s: $(cat "$work/barrage.txt"); Api RSS ${rss_before} -> ${rss_after} KB; still live: $alive"

echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
