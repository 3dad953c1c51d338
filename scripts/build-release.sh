#!/usr/bin/env bash
# The release build a deployment runs: target/release/routeros-traffic and target/site/, with a
# brotli copy (best level) and a gzip copy (zopfli) of every site file beside it, which the server
# sends as they are instead of compressing the WASM again for each visit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/ensure-tools.sh wasm-opt
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$root/end2end/node_modules/.bin:$PATH"
cargo leptos build --release --split --precompress
# cargo-leptos' own gzip copies come out 16 % larger than gzip -9's: replaced by zopfli's, which
# are gzip as every browser reads it, another 5 % smaller (a router's page 368 -> 349 KB), for
# the browsers that ask for gzip: any on plain HTTP, as on an office LAN. zopfli writes no name
# or time, so the same build gives the same bytes. The site is where cargo-leptos put it:
# LEPTOS_SITE_ROOT moves it, as it moves it for the server.
find "${LEPTOS_SITE_ROOT:-target/site}" -type f ! -name '*.gz' ! -name '*.br' -exec zopfli {} +
