#!/usr/bin/env bash
# Installs what building and testing routeros-traffic needs, and skips what is already there.
# Idempotent and non-interactive, so the README commands and CI can call it every time.
#
#   scripts/ensure-tools.sh build   wasm32 target, wasm-bindgen CLI, cargo-leptos
#   scripts/ensure-tools.sh test    the above, plus chromium, end2end npm packages and the
#                                   Python/Node RouterOS clients used by conformance tests
#   scripts/ensure-tools.sh wasm-opt  the above build tools, plus binaryen's wasm-opt (npm),
#                                   which release builds need
#   scripts/ensure-tools.sh release   wasm-opt, plus zopfli and brotli (Debian) for the site's
#                                   compressed copies (scripts/build-release.sh)
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.11
# Must equal the wasm-bindgen crate pinned in Cargo.toml: the CLI refuses other versions' output.
WASM_BINDGEN_VERSION=0.2.130

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
what=${1:-build}
cargo_bin=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$cargo_bin:$PATH"

say() { printf '\033[1m[tools]\033[0m %s\n' "$*" >&2; }

# shellcheck source=scripts/crate-source.sh
source "$root/scripts/crate-source.sh"

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then return; fi
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

# Builds a crate's binaries from its crates.io source and installs them, then deletes the source
# and its build (4 GB for cargo-leptos), which would otherwise crowd out the project's own build.
# Each crate's lockfile needs one dependency pinned to another version first.
#   install_from_source NAME VERSION PIN_CRATE PIN_VERSION [cargo install options...]
install_from_source() {
  local name=$1 version=$2 pin_crate=$3 pin_version=$4 src status=0
  shift 4
  src=$(unpack_crate "$name" "$version")
  # Without debuginfo a debug build is a quarter of the size and links faster.
  (cd "$src" && cargo update --quiet -p "$pin_crate" --precise "$pin_version" \
    && CARGO_PROFILE_DEV_DEBUG=false cargo install --quiet --path . --locked --force "$@") || status=$?
  rm -rf "$(dirname "$src")"
  return "$status"
}

ensure_wasm_bindgen() {
  # The same crate installs wasm-bindgen-test-runner, which tests/browser_json.rs runs on.
  if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
    && [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" = "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ]; then
    return
  fi
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 min)"
  # Its lockfile names webpki-roots 1.0.11, which the registry lacks.
  install_from_source wasm-bindgen-cli "$WASM_BINDGEN_VERSION" webpki-roots 1.0.10
}

ensure_cargo_leptos() {
  if [ "$(cargo-leptos --version 2>/dev/null)" = "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then return; fi
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (debug build, about 8 min)"
  # cargo-util-schemas 0.14.2 needs rustc 1.96. A debug build is plenty for a build driver and
  # compiles in a fraction of the release time (fat LTO there costs 20 min and 3.6 GB).
  # no_downloads: a missing tool fails at once instead of trying to download it.
  install_from_source cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-util-schemas 0.14.1 \
    --debug --features no_downloads
}

# ensure_debian PROGRAM PACKAGE...: installs the packages from Debian unless PROGRAM is there:
# a path where it must be, or a name to find on PATH. Installing takes root (CI runs as root);
# anyone else is told what to install.
ensure_debian() {
  local program=$1
  shift
  if [[ $program == */* ]] && [ -x "$program" ]; then return; fi
  if [[ $program != */* ]] && command -v "$program" >/dev/null; then return; fi
  if [ "$(id -u)" -ne 0 ]; then
    say "$program is missing: install it, e.g. sudo apt-get install -y $*"
    exit 1
  fi
  say "installing $* from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# npm packages are installed when package-lock.json is newer than node_modules.
ensure_npm() {
  local dir=$1
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then return; fi
  say "npm ci in ${dir#"$root"/}"
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
}

ensure_python_clients() {
  local venv=$root/target/conformance-venv
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import librouteros, routeros_api' 2>/dev/null; then return; fi
  say "creating the conformance venv (librouteros, RouterOS-api)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/tests/conformance/requirements.txt"
}

ensure_wasm_target
ensure_wasm_bindgen
ensure_cargo_leptos
if [ "$what" = wasm-opt ] || [ "$what" = release ]; then
  ensure_npm "$root/end2end"
fi
if [ "$what" = release ]; then
  ensure_debian zopfli zopfli
  ensure_debian brotli brotli
fi
if [ "$what" = test ]; then
  ensure_debian /usr/bin/chromium chromium chromium-driver
  ensure_npm "$root/end2end"
  [ -f "$root/tests/conformance/requirements.txt" ] && ensure_python_clients
  [ -f "$root/tests/conformance/package-lock.json" ] && ensure_npm "$root/tests/conformance"
fi
exit 0
