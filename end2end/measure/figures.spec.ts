import { test, type Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { gzipBytes, pageDownloads, sum } from '../tests/downloads';
import { demoPage, select, startDashboard, startSimulator } from '../tests/support';

const EIGHT = ['ether1', 'ether2', 'ether3', 'bridge1', 'vlan100', 'wlan1', '<pppoe-budi>', '<pppoe-dewi>'];
const report = (name: string, value: string) => {
  console.log(`FIGURE ${name}: ${value}`);
  test.info().annotations.push({ type: name, description: value });
};

/// A simulated router read every 50 ms, and its page polling it every 100 ms with a chart window
/// of `polls` polls, monitoring eight interfaces.
async function monitorEight(page: Page, polls: number) {
  const sim = await startSimulator();
  const dashboard = await startDashboard({
    ROUTEROS_HOST: `127.0.0.1:${sim.api}`,
    ROUTEROS_POLL_INTERVAL_MS: '100',
    ROUTEROS_CACHE_TTL_MS: '50',
    ROUTEROS_CHART_WINDOW_POLLS: String(polls),
    ROUTEROS_NAME: 'sim',
  });
  await page.goto(`${dashboard.url}/routers/sim`);
  await select(page, EIGHT);
  await page.getByRole('button', { name: 'Start monitor' }).click();
  return { sim, dashboard };
}

test('time from Start to the first point, default timings', async ({ page }) => {
  const dashboard = await startDashboard({});
  try {
    const samples: number[] = [];
    for (let run = 0; run < 5; run++) {
      await page.goto(`${dashboard.url}${demoPage}`);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await select(page, ['ether1']);
      const start = page.getByRole('button', { name: 'Start monitor' });
      await start.waitFor();
      const t0 = Date.now();
      await start.click();
      await page.waitForFunction(
        () => /bps$/.test(document.querySelector('tbody[data-interface="ether1"] tr.rx [data-testid="current"]')?.textContent ?? ''),
        null,
        { polling: 'raf' },
      );
      samples.push(Date.now() - t0);
      await page.getByRole('button', { name: 'Stop monitor' }).click();
    }
    report('start to first point (ms; run 1 includes the server\'s warm-up pair)', samples.join(', '));
  } finally {
    await dashboard.stop();
  }
});

test('redraw time with 8 interfaces x 30 points, and the JS heap over 30 accelerated minutes', async ({ page }) => {
  // 100 ms polls: 30 points in the 3 s window, and 30 minutes of 2 s polling (900 polls) in
  // about 90 s.
  const { sim, dashboard } = await monitorEight(page, 30);
  try {
    await page.waitForFunction(() => Number(document.querySelector('canvas.chart')?.getAttribute('data-points')) >= 8 * 28, null, { timeout: 60_000 });
    const heap = () =>
      page.evaluate(() => {
        (window as unknown as { gc?: () => void }).gc?.();
        return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
      });
    const points = await page.locator('canvas.chart').getAttribute('data-points');
    const heapStart = await heap();
    const requests = { count: 0 };
    page.on('request', (r) => {
      if (r.url().includes('/api/dashboard/stats')) requests.count++;
    });
    await page.waitForTimeout(90_000); // the measured stretch itself
    const heapEnd = await heap();
    const median = await page.locator('canvas.chart').getAttribute('data-redraw-median-ms');
    report('chart points held', String(points));
    report('redraw median (ms, last 64 redraws)', String(median));
    report('polls during the heap run', String(requests.count));
    report('JS heap after warm-up (bytes)', String(heapStart));
    report('JS heap after the run (bytes)', String(heapEnd));
  } finally {
    await dashboard.stop();
    await sim.stop();
  }
});

test('redraw time with 8 interfaces x 2,000 points, linear and logarithmic', async ({ page }) => {
  test.setTimeout(10 * 60_000);
  // Polls come a little slower than every 100 ms (a tick is skipped while one is in flight),
  // so a window of 2,100 polls (210 s) is what holds 2,000 readings per interface.
  const { sim, dashboard } = await monitorEight(page, 2100);
  const failed: string[] = [];
  page.on('response', async (r) => {
    if (r.url().includes('/api/dashboard/stats') && r.status() !== 200) failed.push(`${r.status()} ${(await r.text()).slice(0, 200)}`);
  });
  page.on('requestfailed', (r) => {
    if (r.url().includes('/api/dashboard/stats')) failed.push(`failed: ${r.failure()?.errorText}`);
  });
  try {
    const chart = page.locator('canvas.chart');
    await page.waitForFunction(() => Number(document.querySelector('canvas.chart')?.getAttribute('data-points')) >= 8 * 2000, null, {
      timeout: 6 * 60_000,
      polling: 1000,
    });
    // 64 more redraws at 2,000 points, so the median kept is of full windows only.
    await page.waitForTimeout(10_000);
    report('chart points held (8 x 2,000)', String(await chart.getAttribute('data-points')));
    report('redraw median at 8 x 2,000, linear (ms)', String(await chart.getAttribute('data-redraw-median-ms')));
    await page.getByRole('checkbox', { name: 'Logarithmic scale' }).check();
    await page.waitForTimeout(10_000);
    report('redraw median at 8 x 2,000, logarithmic (ms)', String(await chart.getAttribute('data-redraw-median-ms')));
    report('status after the run', String(await page.getByTestId('status').textContent()));
  } finally {
    report('failed polls during the run', `${failed.length}${failed.length ? `: ${failed.slice(0, 3).join(' | ')}` : ''}`);
    await dashboard.stop();
    await sim.stop();
  }
});

test('WASM and JS each page downloads, gzipped', async ({ browser }) => {
  const dashboard = await startDashboard({});
  try {
    for (const path of ['/', demoPage, '/settings/routers', '/settings/users', '/no-such-page']) {
      const files = await pageDownloads(browser, `${dashboard.url}${path}`);
      const gzipped = (await Promise.all(files.map((f) => f.body))).map((b) => gzipSync(b, { level: 9 }).length);
      report(`${path}: WASM + JS gzipped (bytes, ${files.length} files)`, String(sum(gzipped)));
      // What went over the wire, as the server encoded it for this browser.
      report(`${path}: WASM + JS as the server sent them (bytes)`, String(sum(await Promise.all(files.map((f) => f.sent)))));
      // The same files as a browser on plain HTTP gets them: the build's gzip copies.
      report(`${path}: WASM + JS as sent to a browser asking for gzip (bytes)`, String(sum(await Promise.all(files.map((f) => gzipBytes(f.url))))));
    }
  } finally {
    await dashboard.stop();
  }
});

test('a history answer of 8 interfaces x 2,000 points: from its last byte to the chart drawn', async ({ page }) => {
  const dashboard = await startDashboard({});
  try {
    // Every history request is answered with 2,000 minute points per interface over the range
    // asked, with their peaks, as the server answers a day: a real answer of that size needs a
    // day of recording.
    await page.route('**/api/dashboard/history', async (route) => {
      const asked = new URLSearchParams(route.request().postData() ?? '');
      const [from, to] = [Number(asked.get('from_ms')), Number(asked.get('to_ms'))];
      const step = Math.floor((to - from) / 2000);
      const series = EIGHT.map((name, s) => {
        const rate = (i: number, phase: number) => Math.round(1e6 * (s + 1) * (1.5 + Math.sin(i / 50 + phase)));
        const points = Array.from({ length: 2000 }, (_, i) => [from + i * step, rate(i, 0), rate(i, 1)]);
        return { name, points, max: points.map(([, rx, tx]) => [rx * 1.3, tx * 1.2]) };
      });
      const answer = { router: 'demo-core', from_ms: from, to_ms: to, step_ms: step, resolution: 'minute', series };
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
    });
    await page.goto(`${dashboard.url}${demoPage}`);
    await select(page, EIGHT);
    const picker = page.getByRole('combobox', { name: 'Range' });
    const samples: number[] = [];
    for (let run = 0; run < 11; run++) {
      // Resolves with the time from the answer's last byte to the chart holding all of it.
      const drawn = page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const canvas = document.querySelector('canvas.chart')!;
            const observer = new MutationObserver(() => {
              if (Number(canvas.getAttribute('data-points')) < 16_000) return;
              const now = performance.now();
              observer.disconnect();
              const answers = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/dashboard/history'));
              resolve(now - (answers.at(-1) as PerformanceResourceTiming).responseEnd);
            });
            observer.observe(canvas, { attributes: true, attributeFilter: ['data-points'] });
          }),
      );
      await picker.selectOption({ label: run % 2 ? 'Last 6 hours' : 'Last 24 hours' });
      samples.push(await drawn);
    }
    const bytes = (await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/dashboard/history')).at(-1) as PerformanceResourceTiming)).decodedBodySize;
    samples.sort((a, b) => a - b);
    report('history answer, 8 x 2,000 points with peaks (bytes of JSON)', String(bytes));
    report('history answer: last byte to chart drawn, median of 11 (ms)', samples[5].toFixed(1));
    report('history answer: last byte to chart drawn, min / max (ms)', `${samples[0].toFixed(1)} / ${samples[10].toFixed(1)}`);
  } finally {
    await dashboard.stop();
  }
});
