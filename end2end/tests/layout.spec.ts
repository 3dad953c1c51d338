import { expect } from '@playwright/test';
import { collectPageErrors, current, demoPage, expectAxeClean, expectNoHorizontalScroll, select, test } from './support';

// The page on a phone, a tablet, a desktop and a wide screen, in both colour schemes: nothing scrolls
// sideways, every control can be seen and used, and axe finds nothing.
const SCREENS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1920, height: 1080 },
  { name: 'wide', width: 2560, height: 1440 },
] as const;

const mbps = /^\d[\d.,]* ([kMG])?bps$/;

for (const screen of SCREENS) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${screen.name} ${screen.width}x${screen.height}, ${colorScheme}`, () => {
      test.use({ viewport: { width: screen.width, height: screen.height }, colorScheme });

      test('the dashboard fits, its controls work, and axe is clean', async ({ page }) => {
        const errors = collectPageErrors(page);
        await page.goto(demoPage);
        await select(page, ['ether1', '<pppoe-budi>']);
        const start = page.getByRole('button', { name: 'Start monitor' });
        await start.scrollIntoViewIfNeeded();
        await start.click();
        await expect(current(page, 'ether1', 'rx')).toHaveText(mbps, { timeout: 5_000 });
        await expectNoHorizontalScroll(page);

        // The chart takes the width it is given and a useful height.
        const chart = await page.locator('canvas.chart').boundingBox();
        expect(chart!.width).toBeGreaterThanOrEqual(Math.min(screen.width - 40, 600));
        expect(chart!.height).toBeGreaterThanOrEqual(Math.min(240, screen.height * 0.3));

        // Every control is visible and does what it says.
        for (const control of [
          page.getByRole('button', { name: 'Stop monitor' }),
          page.getByRole('combobox', { name: 'Range' }),
          page.getByRole('combobox', { name: 'Sort by' }),
          page.getByRole('searchbox', { name: 'Filter interfaces' }),
          page.getByRole('button', { name: 'Refresh list' }),
          page.getByRole('checkbox', { name: 'Logarithmic scale' }),
          page.getByRole('link', { name: 'Download CSV' }),
          page.getByRole('link', { name: 'Save PNG' }),
        ]) {
          await control.scrollIntoViewIfNeeded();
          await expect(control).toBeVisible();
          await expect(control).toBeEnabled();
        }
        const log = page.getByRole('checkbox', { name: 'Logarithmic scale' });
        await log.check();
        await expect(log).toBeChecked();
        await page.getByRole('searchbox', { name: 'Filter interfaces' }).fill('pppoe');
        await expect(page.locator('li.interface').first()).toContainText('pppoe');
        await page.getByRole('searchbox', { name: 'Filter interfaces' }).fill('');
        await page.getByRole('button', { name: 'Stop monitor' }).click();
        await expect(page.getByRole('button', { name: 'Start monitor' })).toBeVisible();

        await expectNoHorizontalScroll(page);
        await expectAxeClean(page);
        await page.screenshot({ path: `artifacts/layout-${screen.name}-${colorScheme}.png`, fullPage: true });
        expect(errors).toEqual([]);
      });

      test('the overview, the settings and the login page fit, and axe is clean', async ({ page }) => {
        const errors = collectPageErrors(page);
        for (const path of ['/', '/settings/routers', '/settings/users', '/login']) {
          await page.goto(path);
          await expect(page.locator('main')).toBeVisible();
          await expectNoHorizontalScroll(page);
          await expectAxeClean(page);
        }
        await page.screenshot({ path: `artifacts/layout-${screen.name}-${colorScheme}-login.png`, fullPage: true });
        expect(errors).toEqual([]);
      });
    });
  }
}

test('the log scale is remembered across a reload', async ({ page }) => {
  await page.goto(demoPage);
  const log = page.getByRole('checkbox', { name: 'Logarithmic scale' });
  await expect(log).toBeEnabled();
  await expect(log).not.toBeChecked();
  await log.check();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Logarithmic scale' })).toBeChecked();
  // And on another router's page too: it is the operator's preference, not the router's.
  await page.goto('/routers/demo-branch');
  await expect(page.getByRole('checkbox', { name: 'Logarithmic scale' })).toBeChecked();
});

test('sorting by RX puts the busiest interface first, with its rate, and one click charts it', async ({ page }) => {
  await page.goto(demoPage);
  const sort = page.getByRole('combobox', { name: 'Sort by' });
  await expect(sort).toBeEnabled();
  await expect(page.locator('li.interface').first()).toBeVisible();
  await sort.selectOption({ label: 'RX rate' });

  // Wait for a list with known rates, then read it as shown: names and their RX rates.
  const rows = page.locator('li.interface');
  await expect(rows.first().locator('.interface-rates')).toHaveAttribute('data-rx-bps', /\d/);
  const listed = await rows.evaluateAll((items) =>
    items.map((item) => ({
      name: item.querySelector('.interface-name')?.textContent ?? '',
      rx: Number(item.querySelector('.interface-rates')?.getAttribute('data-rx-bps') ?? -1),
      text: item.querySelector('.interface-rates')?.textContent ?? '',
    })),
  );
  expect(listed.length).toBeGreaterThan(3);
  const rates = listed.map((l) => l.rx);
  expect(rates).toEqual([...rates].sort((a, b) => b - a));
  expect(listed[0].text).toMatch(/RX \d[\d.,]* [kMG]?bps/);
  // The busiest is the uplink on the simulated router: far above any customer.
  const busiest = listed[0];
  expect(busiest.rx).toBeGreaterThan(listed[1].rx);

  // One click on it, and the chart and its legend show it. (Found by name: the list may
  // have sorted itself again since it was read.)
  await rows.filter({ has: page.locator('.interface-name', { hasText: busiest.name }) }).getByRole('checkbox').check();
  await expect(page.locator(`tbody[data-interface="${busiest.name}"]`)).toBeVisible();
  await expect.poll(async () => Number(await page.locator('canvas.chart').getAttribute('data-points'))).toBeGreaterThan(0);
  await page.screenshot({ path: 'artifacts/top-talkers.png', fullPage: true });
});

test('the list holds still while the pointer or the keyboard is in it, and refreshes once they leave', async ({ page }) => {
  // The page's timers on a clock the test moves, so "no refresh for three periods" takes no
  // waiting and cannot be a matter of luck; the list's requests counted in the page itself.
  const start = new Date('2026-12-01T08:00:00Z');
  await page.clock.install({ time: start });
  await page.addInitScript(() => {
    const counted = window as unknown as { listLoads: number };
    counted.listLoads = 0;
    const fetch = window.fetch.bind(window);
    window.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/api/dashboard/interfaces')) counted.listLoads++;
      return fetch(input, init);
    };
  });
  const loads = () => page.evaluate(() => (window as unknown as { listLoads: number }).listLoads);
  await page.goto(demoPage);
  const sort = page.getByRole('combobox', { name: 'Sort by' });
  await expect(sort).toBeEnabled();
  await sort.selectOption({ label: 'RX rate' });
  await expect(page.locator('li.interface').first().locator('.interface-rates')).toHaveAttribute('data-rx-bps', /\d/);
  // From here on, the page's time moves only when the test moves it.
  await page.clock.pauseAt(new Date(start.getTime() + 10 * 60_000));
  let settled = await loads();

  // Sorted by rate, the list refreshes every 5 s; under the pointer, not once in 15 s.
  await page.locator('ul.interface-list').hover();
  await page.clock.runFor(15_000);
  expect(await loads()).toBe(settled);
  // A click leaves the checkbox focused, which does not hold the list once the pointer has
  // gone: the next period refreshes it.
  await page.locator('li.interface').first().getByRole('checkbox').click();
  await page.getByRole('heading', { level: 1 }).hover();
  await page.clock.runFor(5_000);
  await expect.poll(loads).toBe(settled + 1);
  settled = await loads();

  // The same for the keyboard: tabbing into the list holds it, tabbing out lets it go.
  await page.getByRole('searchbox', { name: 'Filter interfaces' }).focus();
  for (let i = 0; i < 10 && !(await page.evaluate(() => !!document.activeElement?.closest('ul.interface-list'))); i++) {
    await page.keyboard.press('Tab');
  }
  await page.clock.runFor(15_000);
  expect(await loads()).toBe(settled);
  await page.keyboard.press('Shift+Tab');
  await page.clock.runFor(5_000);
  await expect.poll(loads).toBe(settled + 1);
});
