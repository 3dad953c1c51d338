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
logs=$root/target/test-logs
mkdir -p "$logs"
# `timeout` puts the step in a process group of its own, out of reach of the terminal's Ctrl-C,
# so pass interrupts on: `timeout` relays them to the whole step.
trap '[ -n "$running" ] && kill -TERM "$running" 2>/dev/null; echo; echo "interrupted"; exit 130' INT TERM

# A run from scratch needs about 7 GB: 6.0 GB of target/ and 1.1 GB of CARGO_HOME (measured;
# see README). A build that runs out of disk fails deep inside cargo, so say it up front.
needed_gb=7
free_gb() { df -P -BG "$root/target" | awk 'NR == 2 { sub("G", "", $4); print $4 }'; }
free_at_start=$(free_gb)
if [ "$free_at_start" -lt "$needed_gb" ]; then
  echo "WARNING: only $free_at_start GB free for target/; a build from scratch needs about $needed_gb GB"
fi
if [ -n "${CI:-}" ]; then
  # Incremental compilation only pays off on the next build, which a CI clone never has.
  export CARGO_INCREMENTAL=0
fi

# step NAME LIMIT COMMAND...: runs COMMAND, failing it when it takes longer than LIMIT (as for
# `timeout`), so a hung test fails with its name within minutes instead of stalling CI. The
# output goes to the terminal and to target/test-logs/; a failure ends with the step's error
# lines, because CI shows only the tail of the output.
step() {
  local name=$1 limit=$2 started=$SECONDS status=0 log
  shift 2
  log=$logs/$(printf '%s' "$name" | tr -cs 'A-Za-z0-9' '-').log
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  timeout --kill-after=30s "$limit" "$@" > >(tee "$log") 2>&1 &
  running=$!
  wait "$running" || status=$?
  running=
  wait # for tee to write the last lines
  if [ "$status" -eq 0 ]; then
    summary+=("ok    $(printf '%4d' $((SECONDS - started)))s  $name")
  else
    [ "$status" -eq 124 ] && echo "TIMED OUT after $limit: $name"
    summary+=("FAIL  $(printf '%4d' $((SECONDS - started)))s  $name")
    printf '\n--- error lines of the failed step (all of it: %s) ---\n' "${log#"$root"/}"
    sed 's/\x1b\[[0-9;]*m//g' "$log" \
      | grep -E -i 'error|panicked|failed|no space left|killed|signal' \
      | grep -E -v '^ *(Compiling|Checking|Downloaded|Fresh) |\.\.\. ok$' | tail -n 30 || true
    printf -- '--- %s GB free for target/ ---\n\n' "$(free_gb)"
    printf '%s\n' "${summary[@]}"
    echo "FAILED: $name"
    exit 1
  fi
}

# Limits: compiling steps are given what a cold 2-core machine needs; running steps far more
# than they take (seconds to two minutes), yet little enough to name a hang quickly.
step "rustfmt" 5m cargo fmt --check
step "vendor/tachys is the published crate plus its patch" 5m "$root/scripts/vendor-tachys.sh" --check
step "clippy, server (ssr)" 40m cargo clippy --features ssr --all-targets -- -D warnings
step "clippy, browser (hydrate, wasm32)" 30m \
  cargo clippy --features hydrate --lib --test browser_json --target wasm32-unknown-unknown -- -D warnings
step "build native tests" 40m cargo test --features ssr --no-run
step "native unit and integration tests" 10m cargo test --features ssr
# The library unsplit in Node, where the split loader's imports are stubbed (tests/wasm_split_stub).
step "browser's JSON reading, in Node (wasm-bindgen-test)" 30m \
  env NODE_PATH="$root/tests/wasm_split_stub" CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --no-default-features --features hydrate --test browser_json
step "WASM and server build (cargo leptos build --split)" 40m cargo leptos build --split
step "conformance: librouteros, RouterOS-api, node-routeros" 5m "$root/scripts/conformance.sh"
step "end-to-end in chromium (Playwright)" 15m bash -c 'cd end2end && npx playwright test'
# What an operator runs: the release build as scripts/run.sh makes it (split, imports shortened,
# compressed copies), under the same browser tests. Last, since it replaces target/site.
step "release build (scripts/build-release.sh)" 40m "$root/scripts/build-release.sh"
step "end-to-end in chromium, release build" 15m \
  bash -c 'cd end2end && ROUTEROS_TRAFFIC_BIN=../target/release/routeros-traffic npx playwright test'

printf '\n'; printf '%s\n' "${summary[@]}"
echo "all test steps passed"
