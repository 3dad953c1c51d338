#!/usr/bin/env bash
# History's budgets (issue 12): database size for one router with 250 interfaces over 30 days,
# the write cost of 200 routers × 250 interfaces every 5 s, and read times. Simulated time on a
# real SQLite file in a temporary directory; prints figures (benches/history.rs).
#   scripts/bench-history.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec cargo bench --features ssr --bench history
