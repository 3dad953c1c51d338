#!/usr/bin/env bash
# Fleet benchmark on loopback: N simulated routers (default 200), each stored with
# `routeros-traffic routers add`, and one dashboard per router polling its stats server
# function every 2 s. Prints the p50/p99 latency of that server function, the server's CPU
# use and peak RSS, router commands per router per minute, and the database's size.
#   scripts/bench-fleet.sh [routers] [seconds] [customers]
#   (default 200 routers, 60 s, 12 PPPoE customers a router; 242 makes 250 interfaces each)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
routers=${1:-200}
seconds=${2:-60}
customers=${3:-12}

"$root/scripts/ensure-tools.sh" wasm-opt
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$root/end2end/node_modules/.bin:$PATH"
cargo leptos build --release --split >/dev/null
bin=$root/target/release/routeros-traffic
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
web=$(free_port)
# N consecutive free ports for the simulators, from a random base.
base=$(python3 -c 'import random; print(random.randrange(20000, 50000))')
data=$(mktemp -d)
export ROUTEROS_TRAFFIC_DATA_DIR=$data RUST_LOG=warn

"$bin" simulate --routers "$routers" --customers "$customers" --listen "127.0.0.1:$base" >/dev/null 2>&1 &
sim=$!
trap 'kill ${server:-} $sim 2>/dev/null || true; rm -rf "$data"' EXIT
for i in $(seq 0 $((routers - 1))); do
  "$bin" routers add "bench-$i" --host "127.0.0.1:$((base + i))" >/dev/null
done
LEPTOS_SITE_ADDR="127.0.0.1:$web" LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=routeros-traffic "$bin" >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$web/healthz" >/dev/null && break; sleep 0.1; done

python3 - "$web" "$routers" "$seconds" "$server" "$data" <<'PY'
import http.client, json, os, re, sys, threading, time, urllib.request

web, routers, seconds, pid, data = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
ticks = os.sysconf("SC_CLK_TCK")

def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks

def commands():
    text = urllib.request.urlopen(f"http://127.0.0.1:{web}/metrics").read().decode()
    return sum(float(v) for v in re.findall(r'^routeros_commands_total\{router="bench-[^"]*",command="/interface/print",[^}]*\} (\S+)$', text, re.M))

latencies, errors, stop = [], [0], time.monotonic() + seconds
def dashboard(i):
    conn = http.client.HTTPConnection("127.0.0.1", int(web), timeout=10)
    body = f"router=bench-{i}&names[0]=ether1&names[1]=bridge1"
    next_poll = time.monotonic() + (i % 20) / 10  # spread the dashboards over the 2 s interval
    while True:
        time.sleep(max(0, next_poll - time.monotonic()))
        if time.monotonic() > stop:
            return
        started = time.monotonic()
        try:
            # As a browser asks. An answer that fits in one packet (two interfaces: 481 bytes)
            # still comes plain; the server gzips only larger ones.
            conn.request("POST", "/api/dashboard/stats", body,
                         {"content-type": "application/x-www-form-urlencoded", "accept-encoding": "gzip"})
            response = conn.getresponse(); response.read()
            if response.status != 200: errors[0] += 1
            latencies.append(time.monotonic() - started)
        except Exception:
            errors[0] += 1
            conn = http.client.HTTPConnection("127.0.0.1", int(web), timeout=10)
        next_poll += 2.0

# Warm up: every router's first reading, then measure.
threads = [threading.Thread(target=dashboard, args=(i,)) for i in range(routers)]
stop = time.monotonic() + 10
for t in threads: t.start()
for t in threads: t.join()
latencies.clear(); errors[0] = 0
cpu0, cmd0, t0 = cpu_seconds(), commands(), time.monotonic()
stop = time.monotonic() + seconds
threads = [threading.Thread(target=dashboard, args=(i,)) for i in range(routers)]
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.monotonic() - t0
cpu, cmds = cpu_seconds() - cpu0, commands() - cmd0
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
status = {k: v for k, v in (line.split(":", 1) for line in open(f"/proc/{pid}/status")) }
print(f"routers: {routers}, one dashboard each polling every 2 s, {elapsed:.0f} s")
print(f"stats server function: {len(latencies)} requests, {errors[0]} errors, p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {pick(1.0):.1f} ms")
print(f"server CPU: {100 * cpu / elapsed:.1f} % of one core")
print(f"server RSS: {status['VmRSS'].strip()}, peak {status['VmHWM'].strip()}")
print(f"router commands per router per minute: {cmds / routers * 60 / elapsed:.1f} (one per 5 s cache period is 12)")
size = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data) if f.startswith("routeros-traffic.db"))
print(f"database with {routers} routers: {size / 1024:.0f} KiB")
PY
