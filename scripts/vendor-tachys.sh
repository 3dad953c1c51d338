#!/usr/bin/env bash
# Rebuilds vendor/tachys: tachys 0.2.19 as published on crates.io, plus vendor/tachys.patch,
# which backports leptos-rs/leptos#4438 (tachys 0.3's `lazy` feature). Without it, every
# type-erased view in the WASM carries an async hydration that only lazy routes use: 29 KB
# gzipped on a router's page. Drop the copy and the [patch] in Cargo.toml with Leptos 0.9.
#   scripts/vendor-tachys.sh          write vendor/tachys again
#   scripts/vendor-tachys.sh --check  only say whether vendor/tachys is exactly that
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=0.2.19
sha256=e47e2220bb9d2a3be976a22a0fb7685a0b84499bb11ea5cb3bbc82907675ac68
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# `cargo info` puts the published .crate in cargo's cache; it is checked against the
# checksum crates.io gave for it when this copy was made.
crate=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/cache" -name "tachys-$version.crate" 2>/dev/null | head -1)
if [[ -z $crate ]]; then
  (cd "$work" && cargo info --registry crates-io "tachys@$version" > /dev/null)
  crate=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/cache" -name "tachys-$version.crate" | head -1)
fi
echo "$sha256  $crate" | sha256sum --check --quiet
tar -xzf "$crate" -C "$work"
# git apply rather than patch(1), which a fresh Debian lacks; outside a repository it patches files.
(cd "$work/tachys-$version" && git apply "$root/vendor/tachys.patch")

if [[ ${1:-} == --check ]]; then
  diff -r "$work/tachys-$version" "$root/vendor/tachys" && echo "vendor/tachys is tachys $version + vendor/tachys.patch"
else
  rm -rf "$root/vendor/tachys"
  mv "$work/tachys-$version" "$root/vendor/tachys"
fi
