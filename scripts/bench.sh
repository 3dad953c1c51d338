#!/usr/bin/env bash
# Load benchmark of /api/interface-stats on loopback: cache-hit throughput and latency at 200
# concurrent connections, router commands and logins per minute under that load, and the
# server's peak RSS. Uses wrk (Debian's `wrk` package) and a standalone simulator as the router.
#   scripts/bench.sh [seconds]   (default 30)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${1:-30}
command -v wrk >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

"$root/scripts/ensure-tools.sh" wasm-opt
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$root/end2end/node_modules/.bin:$PATH"
cargo leptos build --release --split >/dev/null
bin=$root/target/release/routeros-traffic
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api=$(free_port); control=$(free_port); web=$(free_port)

"$bin" simulate --listen "127.0.0.1:$api" --control "127.0.0.1:$control" >/dev/null 2>&1 &
sim=$!
data=$(mktemp -d)
ROUTEROS_HOST="127.0.0.1:$api" LEPTOS_SITE_ADDR="127.0.0.1:$web" LEPTOS_SITE_ROOT=target/site \
  ROUTEROS_TRAFFIC_DATA_DIR="$data" LEPTOS_OUTPUT_NAME=routeros-traffic RUST_LOG=warn "$bin" >/dev/null 2>&1 &
server=$!
trap 'kill $server $sim 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$web/healthz" >/dev/null && break; sleep 0.1; done

url="http://127.0.0.1:$web/api/interface-stats"
curl -fs "$url" >/dev/null   # the first reading (and its warm-up pair) before measuring
before=$(curl -fs "http://127.0.0.1:$control/stats")
wrk -t2 -c200 -d"${seconds}s" --latency "$url" | tee /tmp/routeros-traffic-wrk.txt
after=$(curl -fs "http://127.0.0.1:$control/stats")
echo "--- the same, gzipped for each request, as for a client that accepts gzip ---"
wrk -t2 -c200 -d"${seconds}s" --latency -H "Accept-Encoding: gzip" "$url" | grep -E "Requests/sec|50%|99%"
echo "--- /healthz on the same server, for comparison ---"
wrk -t2 -c200 -d"${seconds}s" --latency "http://127.0.0.1:$web/healthz" | grep -E "Requests/sec|99%"

python3 - "$before" "$after" "$seconds" "$server" <<'PY'
import json, sys
before, after, seconds, pid = json.loads(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
per_minute = lambda key: (after[key] - before[key]) * 60.0 / seconds
print(f"router commands per minute under load: {per_minute('commands'):.1f}")
print(f"router logins per minute under load:   {per_minute('logins'):.1f}")
print(f"router connections open at the end:     {after['open_connections']}")
with open(f"/proc/{pid}/status") as status:
    for line in status:
        if line.startswith(("VmHWM", "VmRSS")):
            print("server " + line.strip())
PY
