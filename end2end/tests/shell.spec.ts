import { test, expect } from '@playwright/test';
import { collectPageErrors, demoPage } from './support';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the server renders the fleet and a router page whole', async ({ page }) => {
    const overview = await page.goto('/');
    expect(overview?.status()).toBe(200);
    // No router configured: the demo routers are shown, and the page says they are simulated.
    await expect(page.locator('.demo-note')).toContainText('demo routers (simulated)');
    await expect(page.locator('li.router-card')).toHaveCount(3);
    const response = await page.goto(demoPage);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle('RouterOS traffic');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('RouterOS traffic');
    await expect(page.getByTestId('router-label')).toHaveText('demo-core: demo router (simulated)');
    // Without the WASM nothing can be monitored: the control is shown but disabled.
    await expect(page.getByRole('button', { name: 'Start monitor' })).toBeDisabled();
    await expect(page.getByTestId('status')).toHaveText('Stopped');
    // ...and the page says why.
    await expect(page.locator('.noscript')).toHaveText('The live monitor needs JavaScript and WebAssembly.');
  });
});

test('hydrates, and Start/Stop toggles', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto(demoPage);

  // The button is enabled only once the WASM has hydrated the page.
  const start = page.getByRole('button', { name: 'Start monitor' });
  await expect(start).toBeEnabled();
  await start.click();
  const stop = page.getByRole('button', { name: 'Stop monitor' });
  await expect(stop).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('status')).not.toHaveText('Stopped');
  await stop.click();
  await expect(page.getByRole('button', { name: 'Start monitor' })).toHaveAttribute('aria-pressed', 'false');

  // The message for a page whose code did not load stays hidden.
  await expect(page.locator('#code-failed')).toBeHidden();
  await testInfo.attach('dashboard', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  await page.screenshot({ path: 'artifacts/dashboard.png', fullPage: true });
  expect(errors).toEqual([]);
});

// Each file of the router page's code fails in turn: a network blip, a redeploy while the page
// loads. The main module and its JS fail before any of our code runs.
for (const [what, chunk] of [
  ['its own chunk', /\/pkg\/split_router_page\.wasm$/],
  ['a chunk it shares', /\/pkg\/chunk_\d+\.wasm$/],
  ['the main module', /\/pkg\/routeros-traffic\.wasm$/],
  ['the main module\'s JS', /\/pkg\/routeros-traffic\.js$/],
] as const) {
  test(`a page whose code does not load (${what}) says so, and reloading brings it back`, async ({ page }) => {
    const crashes: string[] = [];
    page.on('pageerror', (error) => crashes.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') crashes.push(message.text());
    });
    let failing = true;
    await page.route(chunk, (route) => (failing ? route.abort() : route.continue()));
    await page.goto(demoPage);
    const message = page.getByRole('alert').filter({ hasText: "This page's code did not load or has stopped" });
    await expect(message).toBeVisible();
    await expect(message).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Start monitor' })).toBeDisabled();
    // Said, not crashed: no panic aborted the module.
    expect(crashes.filter((crash) => /RuntimeError|unreachable|panicked/.test(crash))).toEqual([]);

    failing = false;
    await message.getByRole('link', { name: 'Reload the page' }).click();
    await expect(page.getByRole('button', { name: 'Start monitor' })).toBeEnabled();
    await expect(message).toBeHidden();
  });
}

test('a browser without WebAssembly (iOS in Lockdown Mode) is told the page cannot work', async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as { WebAssembly?: unknown }).WebAssembly;
  });
  await page.goto(demoPage);
  // Told what is wrong, and not offered a reload that cannot help.
  const message = page.getByRole('alert');
  await expect(message).toHaveText(
    "This browser cannot run the dashboard's code (WebAssembly is off, as in iOS Lockdown Mode): its controls do nothing.",
  );
  await expect(page.getByRole('link', { name: 'Reload the page' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Start monitor' })).toBeDisabled();
});

test('follows the light and dark colour schemes, the chart too', async ({ page }) => {
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // The colour the chart painted its background with, as red,green,blue.
  const chartBackground = () =>
    page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.chart')!;
      return Array.from(canvas.getContext('2d')!.getImageData(1, 1, 1, 1).data.slice(0, 3)).join(',');
    });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(demoPage);
  await expect.poll(chartBackground).toBe('255,255,255');
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background).not.toBe(light);
  // The theme's dark background (`draw::Theme::DARK`), redrawn when the scheme changed.
  await expect.poll(chartBackground).toBe('17,26,46');
  await page.screenshot({ path: 'artifacts/dashboard-dark.png', fullPage: true });
});

test("the chart's bitmap follows its size on the page, in device pixels", async ({ page }) => {
  // The canvas' bitmap, and the size the page lays it out at times the pixel ratio.
  const sizes = () =>
    page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.chart')!;
      const scale = Math.max(window.devicePixelRatio, 1);
      // The fractional size the page lays it out at (the canvas has no border or padding), as
      // the resize observer reports it; clientWidth would round it first.
      const { width, height } = canvas.getBoundingClientRect();
      const laidOut = [width, height].map((px) => Math.round(px * scale));
      return { bitmap: `${canvas.width}x${canvas.height}`, laidOut: laidOut.join('x'), width };
    });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(demoPage);
  await expect.poll(async () => ((s) => s.bitmap === s.laidOut)(await sizes())).toBe(true);
  const wide = (await sizes()).width;
  await page.setViewportSize({ width: 700, height: 800 });
  await expect.poll(async () => (await sizes()).width).toBeLessThan(wide);
  await expect.poll(async () => ((s) => s.bitmap === s.laidOut)(await sizes())).toBe(true);
});

test('has a favicon and a stylesheet that load', async ({ page, request }) => {
  await page.goto('/');
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  const css = await page.locator('link[rel="stylesheet"]').getAttribute('href');
  for (const href of [icon, css]) {
    expect(href).toBeTruthy();
    expect((await request.get(href!)).status()).toBe(200);
  }
});

test('health check answers ok', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe('ok');
});
