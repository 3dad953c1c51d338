import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { FAST_TIMINGS, current, demoPage, points, select, setVisibility, startDashboard, startSimulator, status, statusDetail, type Dashboard, type Simulator, test } from './support';

const mbps = /^\d+(\.\d+)? [MG]bps$/;

test.describe('on the demo router, default timings', () => {
  test('two interfaces: points within 3 s of Start, with plausible rates', async ({ page }) => {
    await page.goto(demoPage);
    await select(page, ['ether1', 'bridge1']);
    const start = page.getByRole('button', { name: 'Start monitor' });
    await expect(start).toBeEnabled();
    const started = Date.now();
    await start.click();
    await expect(current(page, 'ether1', 'rx')).toHaveText(mbps, { timeout: 3_000 });
    const firstPointMs = Date.now() - started;
    await expect(current(page, 'bridge1', 'tx')).toHaveText(mbps);
    await expect(status(page)).toHaveText('Live');
    test.info().annotations.push({ type: 'first point after Start (ms)', description: String(firstPointMs) });

    // Screen readers get the readings behind the chart as a table, newest first.
    const readings = page.getByRole('table', { name: 'Traffic readings, newest first' });
    const headers = readings.getByRole('columnheader');
    await expect(headers).toHaveText(['Time', 'ether1 RX', 'ether1 TX', 'bridge1 RX', 'bridge1 TX']);
    const newest = readings.getByRole('row').nth(1);
    await expect(newest.getByRole('rowheader')).toHaveText(/^\d\d:\d\d:\d\d$/);
    await expect(newest.getByRole('cell').first()).toHaveText(mbps);
    await page.screenshot({ path: 'artifacts/live.png', fullPage: true });

    // The state survives a reload: same selection, monitoring again.
    await page.reload();
    await expect(current(page, 'ether1', 'rx')).toHaveText(mbps, { timeout: 5_000 });
    await expect(page.getByRole('button', { name: 'Stop monitor' })).toBeVisible();
    await page.getByRole('button', { name: 'Stop monitor' }).click();
  });

  test('Stop halts requests', async ({ page }) => {
    await page.clock.install();
    await page.goto(demoPage);
    await select(page, ['ether2']);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/dashboard/stats')) requests.push(r.url());
    });
    await page.getByRole('button', { name: 'Start monitor' }).click();
    await expect(status(page)).toHaveText('Live');
    // While monitoring, the 2 s interval polls.
    const whileRunning = requests.length;
    await page.clock.runFor(2_100);
    await expect.poll(() => requests.length).toBeGreaterThan(whileRunning);

    await page.getByRole('button', { name: 'Stop monitor' }).click();
    await expect(status(page)).toHaveText('Stopped');
    const afterStop = requests.length;
    await page.clock.runFor(20_000);
    expect(requests.length).toBe(afterStop);
  });

  test('a hidden tab pauses polling and resumes when shown again', async ({ page }) => {
    await page.clock.install();
    await page.goto(demoPage);
    await select(page, ['ether3']);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/dashboard/stats')) requests.push(r.url());
    });
    await page.getByRole('button', { name: 'Start monitor' }).click();
    await expect(status(page)).toHaveText('Live');

    await setVisibility(page, 'hidden');
    await expect(status(page)).toHaveText('Paused');
    const whileHidden = requests.length;
    await page.clock.runFor(20_000);
    expect(requests.length).toBe(whileHidden);

    await setVisibility(page, 'visible');
    await expect(status(page)).toHaveText('Live');
    await page.clock.runFor(2_100);
    await expect.poll(() => requests.length).toBeGreaterThan(whileHidden);
    await expect(page.getByRole('button', { name: 'Stop monitor' })).toBeVisible();
  });

  test('a tab opened in the background does not poll until it is shown', async ({ page }) => {
    // Monitoring was on when the page was last open, and the tab now opens hidden.
    await page.addInitScript(() => {
      localStorage.setItem('routeros-traffic.demo-core.selection', 'ether1');
      localStorage.setItem('routeros-traffic.demo-core.monitoring', '1');
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/dashboard/')) requests.push(new URL(r.url()).pathname);
    });
    await page.clock.install();
    await page.goto(demoPage);
    await expect(page.getByRole('button', { name: 'Stop monitor' })).toBeEnabled();
    await expect(status(page)).toHaveText('Paused');
    // Neither the readings nor the interface list (which refreshes every 15 s) are asked for.
    await page.clock.runFor(40_000);
    expect(requests).toEqual([]);

    await setVisibility(page, 'visible');
    await expect(status(page)).toHaveText('Live');
    expect(requests).toContain('/api/dashboard/stats');
    expect(requests).toContain('/api/dashboard/interfaces');
  });

  test('the page passes an axe accessibility check while monitoring', async ({ page }) => {
    await page.goto(demoPage);
    await select(page, ['ether1']);
    await page.getByRole('button', { name: 'Start monitor' }).click();
    await expect(current(page, 'ether1', 'rx')).toHaveText(mbps, { timeout: 3_000 });
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});

test.describe('through router and server outages, fast timings', () => {
  let sim: Simulator;
  let dashboard: Dashboard;

  const startWatching = async () => {
    dashboard = await startDashboard({ ...FAST_TIMINGS, ROUTEROS_HOST: `127.0.0.1:${sim.api}`, ROUTEROS_NAME: 'sim' });
  };
  // The server reads its routers from the start (history is recorded whether anyone looks), so
  // a router that fails "at page load" must fail before the server starts.
  const restartWatchingWith = async (faults: Parameters<Simulator['faults']>[0]) => {
    await dashboard.stop();
    await sim.faults(faults);
    await startWatching();
  };

  test.beforeEach(async () => {
    sim = await startSimulator();
    await startWatching();
  });

  test.afterEach(async () => {
    await dashboard?.stop();
    await sim?.stop();
  });

  test('a hanging router: stale, then failures, a visible recovery cycle, then live again', async ({ page }) => {
    // The router is left alone for 10 s once its connection stays silent, so Live takes longer.
    test.setTimeout(60_000);
    await page.goto(`${dashboard.url}/routers/sim`);
    await select(page, ['ether1', 'vlan100']);
    await page.getByRole('button', { name: 'Start monitor' }).click();
    await expect(current(page, 'ether1', 'rx')).toHaveText(mbps);

    await sim.faults({ hang: true });
    await expect(status(page)).toHaveText('Stale');
    await expect(statusDetail(page)).toContainText('router too slow (no answer in 0.7 s)');
    await page.screenshot({ path: 'artifacts/stale.png', fullPage: true });
    await expect(status(page)).toHaveText(/^(Router too slow \(no answer in 0\.7 s\)|Reconnecting)$/);
    await expect(status(page)).toHaveText('Recovering');
    await expect(statusDetail(page)).toHaveText(/^monitoring restarts in \d s$/);
    // The chart is visibly cleared: no lines, a "Reconnecting…" state, no legend rows.
    await expect(page.locator('.chart-overlay')).toHaveText('Reconnecting…');
    await expect(page.locator('tbody[data-interface]')).toHaveCount(0);
    expect(await points(page)).toBe(0);
    await page.screenshot({ path: 'artifacts/recovering.png', fullPage: true });

    await sim.clear();
    await expect(status(page)).toHaveText('Live', { timeout: 30_000 });
    await expect(current(page, 'ether1', 'rx')).toHaveText(mbps);
    const before = await points(page);
    await expect.poll(() => points(page)).toBeGreaterThan(before);
  });

  test('a killed server: five failures start recovery, and a restarted one brings Live back', async ({ page }) => {
    await page.goto(`${dashboard.url}/routers/sim`);
    await select(page, ['ether3']);
    await page.getByRole('button', { name: 'Start monitor' }).click();
    await expect(status(page)).toHaveText('Live');

    await dashboard.stop();
    await expect(status(page)).toHaveText('Reconnecting');
    await expect(statusDetail(page)).toHaveText(/^the server did not answer \([1-4]\/5\)$/);
    await expect(status(page)).toHaveText('Recovering');
    await expect(page.locator('.chart-overlay')).toHaveText('Reconnecting…');

    dashboard = await startDashboard(
      { ...FAST_TIMINGS, ROUTEROS_HOST: `127.0.0.1:${sim.api}`, ROUTEROS_NAME: 'sim' },
      dashboard.port,
      dashboard.dataDir,
    );
    await expect(status(page)).toHaveText('Live', { timeout: 15_000 });
    await expect(current(page, 'ether3', 'rx')).toHaveText(/bps$/);
  });

  test('a router unreachable at page load: the page renders with a clear empty state', async ({ page }) => {
    await restartWatchingWith({ refuse: true });
    const response = await page.goto(`${dashboard.url}/routers/sim`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('RouterOS traffic');
    await expect(page.getByRole('alert')).toContainText('Cannot list interfaces');
    await expect(page.getByRole('alert')).toContainText('router unreachable');
    await expect(page.getByRole('button', { name: 'Start monitor' })).toBeEnabled();
  });

  test('a wrong password: the page and /metrics say "login refused"', async ({ page, request }) => {
    await restartWatchingWith({ refuse_logins: true });
    await page.goto(`${dashboard.url}/routers/sim`);
    await expect(page.getByRole('alert')).toContainText('login refused (check user and password)');
    await page.getByRole('button', { name: 'Start monitor' }).click();
    await expect(status(page)).toHaveText('Login refused (check user and password)');
    await page.screenshot({ path: 'artifacts/login-refused.png', fullPage: true });
    const metrics = await (await request.get(`${dashboard.url}/metrics`)).text();
    expect(metrics).toContain('stats_router_state{router="sim",state="login_refused"} 1');
  });

  test('a PPPoE customer who hangs up shows as gone and can be unselected', async ({ page }) => {
    await page.goto(`${dashboard.url}/routers/sim`);
    await select(page, ['<pppoe-andi>']);
    await page.getByRole('button', { name: 'Start monitor' }).click();
    await expect(status(page)).toHaveText('Live');
    await expect(page.locator('tbody[data-interface="<pppoe-andi>"]')).toBeVisible();

    await sim.hangUp('<pppoe-andi>');
    const row = page.locator('tbody[data-interface="<pppoe-andi>"]');
    await expect(row.locator('.gone')).toHaveText('gone');
    await expect(page.locator('.chart-overlay')).toHaveText('The selected interfaces are gone from the router.');
    await page.screenshot({ path: 'artifacts/gone.png', fullPage: true });
    await row.getByRole('button', { name: 'Unselect <pppoe-andi>' }).click();
    await expect(page.locator('.selected-count')).toHaveText('0 selected');
    await expect(row).toHaveCount(0);
    await expect(page.locator('.chart-overlay')).toHaveText('Select at least one interface.');
  });
});
