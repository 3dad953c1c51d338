#!/usr/bin/env bash
# The release build a deployment runs: target/release/routeros-traffic and target/site/, with a
# brotli copy (best level) and a gzip copy (zopfli) of every site file beside it, which the server
# sends as they are instead of compressing the WASM again for each visit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/ensure-tools.sh release
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$root/end2end/node_modules/.bin:$PATH"
cargo leptos build --release --split
# The site is where cargo-leptos put it: LEPTOS_SITE_ROOT moves it, as it moves it for the server.
site=${LEPTOS_SITE_ROOT:-target/site}
# The main module's imports under short names, in the module and its JS (the script says why).
node scripts/shorten-imports.mjs "$site/pkg" routeros-traffic
# Compressed here rather than by cargo-leptos (`--precompress`), after the step above changed two
# files. Its gzip copies came out 16 % larger than gzip -9's; zopfli's are gzip as every browser
# reads it, another 5 % smaller (README, "Deployment"), for the browsers that ask for gzip: any
# on plain HTTP, as on an office LAN. Neither tool writes a name or a time, so the same build
# gives the same bytes.
find "$site" -type f \( -name '*.gz' -o -name '*.br' \) -delete
find "$site" -type f -exec brotli --best --keep --force {} +
find "$site" -type f ! -name '*.br' -exec zopfli {} +
# zopfli exits 0 even when it wrote nothing: every file must have both copies.
missing=$(find "$site" -type f ! -name '*.gz' ! -name '*.br' -exec sh -c '[ -f "$1.gz" ] && [ -f "$1.br" ] || echo "$1"' _ {} \;)
[ -z "$missing" ] || { echo "no gzip or brotli copy of: $missing" >&2; exit 1; }
