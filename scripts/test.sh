#!/usr/bin/env bash
# Every test the project has, in order from fastest feedback to slowest. Installs what it needs.
#   scripts/test.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

"$root/scripts/ensure-tools.sh" test
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

summary=()
running=
# `timeout` puts the step in a process group of its own, out of reach of the terminal's Ctrl-C,
# so pass interrupts on: `timeout` relays them to the whole step.
trap '[ -n "$running" ] && kill -TERM "$running" 2>/dev/null; echo; echo "interrupted"; exit 130' INT TERM

# step NAME LIMIT COMMAND...: runs COMMAND, failing it when it takes longer than LIMIT (as for
# `timeout`), so a hung test fails with its name within minutes instead of stalling CI.
step() {
  local name=$1 limit=$2 started=$SECONDS status=0
  shift 2
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  timeout --kill-after=30s "$limit" "$@" &
  running=$!
  wait "$running" || status=$?
  running=
  if [ "$status" -eq 0 ]; then
    summary+=("ok    $(printf '%4d' $((SECONDS - started)))s  $name")
  else
    [ "$status" -eq 124 ] && echo "TIMED OUT after $limit: $name"
    summary+=("FAIL  $(printf '%4d' $((SECONDS - started)))s  $name")
    printf '\n'; printf '%s\n' "${summary[@]}"
    echo "FAILED: $name"
    exit 1
  fi
}

# Limits: compiling steps are given what a cold 2-core machine needs; running steps far more
# than they take (seconds to two minutes), yet little enough to name a hang quickly.
step "rustfmt" 5m cargo fmt --check
step "clippy, server (ssr)" 40m cargo clippy --features ssr --all-targets -- -D warnings
step "clippy, browser (hydrate, wasm32)" 30m \
  cargo clippy --features hydrate --lib --target wasm32-unknown-unknown -- -D warnings
step "build native tests" 40m cargo test --features ssr --no-run
step "native unit and integration tests" 10m cargo test --features ssr
step "WASM and server build (cargo leptos build)" 40m cargo leptos build
step "conformance: librouteros, RouterOS-api, node-routeros" 5m "$root/scripts/conformance.sh"
step "end-to-end in chromium (Playwright)" 15m bash -c 'cd end2end && npx playwright test'

printf '\n'; printf '%s\n' "${summary[@]}"
echo "all test steps passed"
