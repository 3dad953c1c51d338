#!/usr/bin/env bash
# Makes vendor/tachys: tachys 0.2.19 as published on crates.io, plus vendor/tachys.patch, which
# backports leptos-rs/leptos#4438 (tachys 0.3's `lazy` feature), so that type-erased views no
# longer carry an async hydration only lazy routes use (README, "WASM size"). Drop the copy and
# the [patch] in Cargo.toml with Leptos 0.9.
#   scripts/vendor-tachys.sh          write vendor/tachys again
#   scripts/vendor-tachys.sh --check  say whether vendor/tachys is exactly that, and in use
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/crate-source.sh
source "$root/scripts/crate-source.sh"
case ${1:-} in
  "" | --check) ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

# The checksum crates.io gave for the .crate when this copy was made.
src=$(unpack_crate tachys 0.2.19 e47e2220bb9d2a3be976a22a0fb7685a0b84499bb11ea5cb3bbc82907675ac68)
trap 'rm -rf "$(dirname "$src")"' EXIT
# git apply rather than patch(1), which a fresh Debian lacks. Outside a repository it patches the
# files; the ceiling keeps a temp dir inside one (TMPDIR) from being taken for that repository,
# where git would skip every file and still succeed.
(cd "$src" && GIT_CEILING_DIRECTORIES=$(dirname "$src") git apply "$root/vendor/tachys.patch")

if [[ ${1:-} == --check ]]; then
  diff -r "$src" "$root/vendor/tachys"
  # Cargo only warns when a [patch] goes unused (a Leptos that wants a newer tachys): the
  # lockfile's tachys must be the copy, with no registry source.
  if awk '/^name = "tachys"$/ { found = 1 } found && /^source = / { exit 1 } /^$/ { found = 0 }' "$root/Cargo.lock"; then
    echo "vendor/tachys is tachys 0.2.19 + vendor/tachys.patch, and the build uses it"
  else
    echo "Cargo.lock takes tachys from crates.io: the [patch] in Cargo.toml is not used" >&2
    exit 1
  fi
else
  rm -rf "$root/vendor/tachys"
  mv "$src" "$root/vendor/tachys"
fi
