import fs from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { FAST_TIMINGS, points, startDashboard, startSimulator, type Dashboard, type Simulator, test } from './support';

// A server that has recorded for a while, then restarted on the same data directory while the
// router refuses every connection: all the history the page shows comes from the database.
let sim: Simulator;
let dashboard: Dashboard;
const page_ = '/routers/sim';
const rate = /^\d+(\.\d+)? ([kMG]bps|bps)$/;

/** The router's recorded ether1 readings with a rate, over the last `spanMs`. */
async function recorded(url: string, spanMs: number): Promise<number> {
  const from = new Date(Date.now() - spanMs).toISOString();
  const response = await fetch(`${url}/api/history?router=sim&name=ether1&from=${from}&step_ms=500`);
  const body = await response.json();
  return body.series[0].points.filter((p: [number, number | null]) => p[1] !== null).length;
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  sim = await startSimulator();
  // A live window of 240 polls of 500 ms: two minutes, the page's configured live range.
  const env = { ...FAST_TIMINGS, ROUTEROS_CHART_WINDOW_POLLS: '240', ROUTEROS_HOST: `127.0.0.1:${sim.api}`, ROUTEROS_NAME: 'sim' };
  const first = await startDashboard(env);
  // Nobody watches: the server records on its own, a reading per cache period (500 ms).
  await expect.poll(() => recorded(first.url, 60_000), { timeout: 30_000 }).toBeGreaterThanOrEqual(12);
  await first.stop();
  await sim.faults({ refuse: true });
  dashboard = await startDashboard(env, undefined, first.dataDir);
});

test.afterAll(async () => {
  await dashboard?.stop();
  await sim?.stop();
});

async function openWithEther1(page: Page): Promise<void> {
  await page.addInitScript(() => {
    // Selected before, not monitoring: whatever the chart shows is recorded history.
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('routeros-traffic.sim.selection', 'ether1');
      localStorage.setItem('routeros-traffic.sim.monitoring', '0');
      sessionStorage.setItem('seeded', '1');
    }
  });
  await page.goto(`${dashboard.url}${page_}`);
}

const rangePicker = (page: Page) => page.getByRole('combobox', { name: 'Range' });
const legendCell = (page: Page, column: number) =>
  page.locator('tbody[data-interface="ether1"] tr.rx td').nth(column);

test('the chart has the recorded history as soon as the page loads, without Start', async ({ page }) => {
  await openWithEther1(page);
  await expect(page.getByRole('button', { name: 'Start monitor' })).toBeEnabled();
  await expect(page.getByTestId('status')).toHaveText('Stopped');
  // The legend's average over the minute, from history; no overlay over the chart.
  await expect(legendCell(page, 2)).toHaveText(rate);
  await expect.poll(() => points(page)).toBeGreaterThanOrEqual(12);
  await expect(page.locator('.chart-overlay')).toHaveCount(0);
  await page.screenshot({ path: 'artifacts/history-backfill.png', fullPage: true });
});

test('choosing the last hour shows it, and its CSV has the rows of the API', async ({ page }) => {
  await openWithEther1(page);
  await rangePicker(page).selectOption({ label: 'Last hour' });
  await expect(page.getByRole('button', { name: 'Back to live' })).toBeVisible();
  await expect(legendCell(page, 2)).toHaveText(rate);
  await expect(page.locator('.chart-overlay')).toHaveCount(0);
  const axis = await page.locator('canvas.chart').getAttribute('aria-label');
  expect(axis).toContain('ether1');

  const link = page.getByRole('link', { name: 'Download CSV' });
  const href = (await link.getAttribute('href'))!;
  expect(href).toContain('format=csv');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('time,interface,rx_bps,tx_bps');
  // The same request as JSON: one CSV row per point, the same rates.
  const json = await (await fetch(`${dashboard.url}${href.replace('&format=csv', '')}`)).json();
  const apiPoints: [number, number | null, number | null][] = json.series[0].points;
  expect(csv.length - 1).toBe(apiPoints.length);
  apiPoints.forEach(([t, rx, tx], i) => {
    const [time, name, csvRx, csvTx] = csv[i + 1].split(',');
    expect([Date.parse(time), name, csvRx, csvTx]).toEqual([t, 'ether1', rx === null ? '' : String(rx), tx === null ? '' : String(tx)]);
  });
  expect(apiPoints.some(([, rx]) => rx !== null)).toBe(true);
});

test('dragging across the chart zooms in, and Back to live returns', async ({ page }) => {
  await openWithEther1(page);
  await rangePicker(page).selectOption({ label: 'Last hour' });
  await expect(legendCell(page, 2)).toHaveText(rate);
  const canvas = page.locator('canvas.chart');
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
  await expect(page.locator('.zoom-selection')).toBeVisible();
  await page.mouse.up();
  // A custom range of about a fifth of the hour (the plot is a little narrower than the canvas).
  await expect(rangePicker(page)).toHaveValue('custom');
  const from = Date.parse(await page.getByLabel('From', { exact: true }).inputValue());
  const to = Date.parse(await page.getByLabel('To', { exact: true }).inputValue());
  expect(to - from).toBeGreaterThan(10 * 60_000);
  expect(to - from).toBeLessThan(16 * 60_000);
  await page.screenshot({ path: 'artifacts/history-zoomed.png', fullPage: true });

  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect(rangePicker(page)).toHaveValue('live');
  await expect(rangePicker(page).locator('option:checked')).toHaveText('Live: 2 minutes');
  await expect(page.getByRole('button', { name: 'Back to live' })).toHaveCount(0);
});

test('Save PNG saves the chart as drawn', async ({ page }) => {
  await openWithEther1(page);
  await rangePicker(page).selectOption({ label: 'Last hour' });
  await expect(legendCell(page, 2)).toHaveText(rate);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Save PNG' }).click()]);
  expect(download.suggestedFilename()).toBe('sim-traffic.png');
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
});

test('the usage table counts bytes per interface, sorts, and downloads', async ({ page }) => {
  await openWithEther1(page);
  const usage = page.locator('table.usage-table');
  const ether1 = usage.locator('tr[data-interface="ether1"]');
  await expect(ether1.locator('td').first()).toHaveText(/^\d+(\.\d+)? [kMGT]?B$/);
  expect(await ether1.locator('td').first().textContent()).not.toBe('0 B');
  // Sorted by name, A to Z.
  await usage.getByRole('button', { name: 'Interface' }).click();
  const names = await usage.locator('tbody th[scope="row"]').allTextContents();
  expect(names).toEqual([...names].sort());
  expect(await usage.getByRole('columnheader', { name: 'Interface' }).getAttribute('aria-sort')).toBe('ascending');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download usage CSV' }).click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv).toMatch(/^interface,today_rx_bytes,/);
  expect(csv).toContain('\nether1,');
});
