import { test, expect } from '@playwright/test';
import { dashboardBinary } from '../dashboard-binary';
import { gzipBytes, pageDownloads, sum } from './downloads';
import { demoPage, startDashboard } from './support';

// Issue 13's budget: the WASM + JS a page ships, gzipped as the server sends it (the release
// build's zopfli copies, what any browser on plain HTTP gets), at most 300 KB. The release
// build is what ships; the debug build's files are megabytes and have no such copies.
const BUDGET_BYTES = 300_000;
const releaseBuild = /[\\/]release[\\/]/.test(dashboardBinary);

test('every page ships at most 300 KB of WASM and JS, gzipped', async ({ browser }) => {
  test.skip(!releaseBuild, "a debug build: the budget is the release build's");
  // A dashboard of its own: no users, so the settings pages open (on loopback) as they would.
  const dashboard = await startDashboard({});
  try {
    for (const path of ['/', demoPage, '/settings/routers', '/settings/users', '/no-such-page']) {
      const files = await pageDownloads(browser, `${dashboard.url}${path}`);
      expect(files.some((f) => f.url.endsWith('.wasm')), `${path} loads its WASM`).toBe(true);
      const sent = sum(await Promise.all(files.map((f) => gzipBytes(f.url))));
      expect(sent, `${path}: ${files.length} files, gzipped`).toBeLessThanOrEqual(BUDGET_BYTES);
    }
  } finally {
    await dashboard.stop();
  }
});
