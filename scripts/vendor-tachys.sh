#!/usr/bin/env bash
# Rebuilds vendor/tachys: tachys 0.2.19 as published on crates.io, plus vendor/tachys.patch,
# which backports leptos-rs/leptos#4438 (tachys 0.3's `lazy` feature). Without it, every
# type-erased view in the WASM carries an async hydration that only lazy routes use: 29 KB
# gzipped on a router's page. Drop the copy and the [patch] in Cargo.toml with Leptos 0.9.
#   scripts/vendor-tachys.sh          write vendor/tachys again
#   scripts/vendor-tachys.sh --check  only say whether vendor/tachys is exactly that
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/crate-source.sh
source "$root/scripts/crate-source.sh"

# The checksum crates.io gave for the .crate when this copy was made.
src=$(unpack_crate tachys 0.2.19 e47e2220bb9d2a3be976a22a0fb7685a0b84499bb11ea5cb3bbc82907675ac68)
trap 'rm -rf "$(dirname "$src")"' EXIT
# git apply rather than patch(1), which a fresh Debian lacks; outside a repository it patches files.
(cd "$src" && git apply "$root/vendor/tachys.patch")

if [[ ${1:-} == --check ]]; then
  diff -r "$src" "$root/vendor/tachys" && echo "vendor/tachys is tachys 0.2.19 + vendor/tachys.patch"
else
  rm -rf "$root/vendor/tachys"
  mv "$src" "$root/vendor/tachys"
fi
