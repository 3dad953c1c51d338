// The dashboard binary under test, for Playwright's web server and the tests' own dashboards:
// the debug build `cargo leptos build --split` made, or the one ROUTEROS_TRAFFIC_BIN names
// (relative to end2end/), e.g. ../target/release/routeros-traffic after scripts/build-release.sh.
// Its site (target/site) must come from the same build.
import path from 'node:path';

export const root = path.resolve(__dirname, '..');
export const dashboardBinary = path.resolve(
  process.env.ROUTEROS_TRAFFIC_BIN ?? path.join(root, 'target/debug/routeros-traffic'),
);
