#!/usr/bin/env bash
# Every test the project has, in order from fastest feedback to slowest. Installs what it needs.
#   scripts/test.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

"$root/scripts/ensure-tools.sh" test
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

summary=()
step() {
  local name=$1 started=$SECONDS
  shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  if "$@"; then
    summary+=("ok    $(printf '%4d' $((SECONDS - started)))s  $name")
  else
    summary+=("FAIL  $(printf '%4d' $((SECONDS - started)))s  $name")
    printf '\n%s\n' "${summary[@]}"
    echo "FAILED: $name"
    exit 1
  fi
}

step "rustfmt" cargo fmt --check
step "clippy, server (ssr)" cargo clippy --features ssr --all-targets -- -D warnings
step "clippy, browser (hydrate, wasm32)" \
  cargo clippy --features hydrate --lib --target wasm32-unknown-unknown -- -D warnings
step "native unit and integration tests" cargo test --features ssr
step "WASM and server build (cargo leptos build)" cargo leptos build
step "conformance: librouteros, RouterOS-api, node-routeros" "$root/scripts/conformance.sh"
step "end-to-end in chromium (Playwright)" bash -c 'cd end2end && npx playwright test'

printf '\n%s\n' "${summary[@]}"
echo "all test steps passed"
