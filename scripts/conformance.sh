#!/usr/bin/env bash
# Runs three RouterOS API clients nobody here wrote (librouteros, RouterOS-api, node-routeros)
# against `routeros-traffic simulate`, the standalone simulator, over real TCP on loopback.
#   scripts/conformance.sh [path/to/routeros-traffic]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$root/target/debug/routeros-traffic}
venv=$root/target/conformance-venv
dir=$root/tests/conformance

# A free port, chosen by the kernel.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
password=secret
"$bin" simulate --listen "127.0.0.1:$port" --user admin --password "$password" &
sim=$!
trap 'kill $sim 2>/dev/null || true; wait $sim 2>/dev/null || true' EXIT

# Wait until the simulator accepts connections (or has died).
for _ in $(seq 1 100); do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" 2>/dev/null; then break; fi
  kill -0 $sim 2>/dev/null || { echo "the simulator exited" >&2; exit 1; }
  sleep 0.1
done

status=0
"$venv/bin/python" "$dir/python_clients.py" 127.0.0.1 "$port" admin "$password" || status=1
node "$dir/node_routeros.js" 127.0.0.1 "$port" admin "$password" || status=1
# The simulator must still be up after everything the clients did.
kill -0 $sim || { echo "the simulator died" >&2; status=1; }
exit $status
