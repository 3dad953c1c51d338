#!/usr/bin/env bash
# Builds and serves the dashboard on http://127.0.0.1:3000. Installs what it needs.
# Without ROUTEROS_HOST it runs on the built-in simulated router.
#   scripts/run.sh             debug build (fast to build)
#   scripts/run.sh --release   optimised build, as deployed
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

"$root/scripts/ensure-tools.sh" build
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if [ "${1:-}" = "--release" ]; then
  # `cargo leptos build --release --split` always runs wasm-opt; binaryen comes from end2end's npm packages.
  "$root/scripts/ensure-tools.sh" wasm-opt
  export PATH="$root/end2end/node_modules/.bin:$PATH"
fi
exec cargo leptos serve --split "$@"
