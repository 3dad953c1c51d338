#!/usr/bin/env bash
# The release build a deployment runs: target/release/routeros-traffic and target/site/, with a
# brotli copy (best level) and a gzip copy (zopfli) of every site file beside it, which the server
# sends as they are instead of compressing the WASM again for each visit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/ensure-tools.sh release
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$root/end2end/node_modules/.bin:$PATH"
cargo leptos build --release --split --precompress
# cargo-leptos' own gzip copies come out 16 % larger than gzip -9's: replaced by zopfli's, which
# are gzip as every browser reads it, another 5 % smaller (README, "Deployment"), for the
# browsers that ask for gzip: any on plain HTTP, as on an office LAN. zopfli writes no name or
# time, so the same build gives the same bytes. The site is where cargo-leptos put it:
# LEPTOS_SITE_ROOT moves it, as it moves it for the server.
site=${LEPTOS_SITE_ROOT:-target/site}
find "$site" -type f -name '*.gz' -delete
find "$site" -type f ! -name '*.gz' ! -name '*.br' -exec zopfli {} +
# zopfli exits 0 even when it wrote nothing: every file must have its copy.
missing=$(find "$site" -type f ! -name '*.gz' ! -name '*.br' -exec sh -c '[ -f "$1.gz" ] || echo "$1"' _ {} \;)
[ -z "$missing" ] || { echo "no gzip copy of: $missing" >&2; exit 1; }
