import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Browser figures for the README and release notes, not pass/fail tests:
//   scripts/build-release.sh   (from the repository's root)
//   ROUTEROS_TRAFFIC_BIN=../target/release/routeros-traffic npx playwright test -c measure.config.ts
export default defineConfig({
  ...base,
  testDir: './measure',
  timeout: 10 * 60_000,
  webServer: undefined,
  use: {
    ...base.use,
    launchOptions: {
      ...base.use?.launchOptions,
      args: [...(base.use?.launchOptions?.args ?? []), '--enable-precise-memory-info', '--js-flags=--expose-gc'],
    },
  },
});
