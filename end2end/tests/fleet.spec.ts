import { expect } from '@playwright/test';
import { current, select, startDashboard, startSimulator, test } from './support';

test('add a router in the settings, see it live on the overview, chart it, remove it', async ({ page, request }) => {
  test.setTimeout(60_000);
  const sim = await startSimulator();
  const dashboard = await startDashboard({});
  try {
    await page.goto(`${dashboard.url}/settings/routers`);
    const add = page.getByRole('button', { name: 'Add router' });
    await expect(add).toBeEnabled();
    await add.click();
    const form = page.getByRole('form', { name: 'Add a router' });
    await form.getByLabel('Name', { exact: true }).fill('bad/name');
    await form.getByLabel('Host (name or IP address)').fill('127.0.0.1');
    await form.getByLabel(/^API port/).fill(String(sim.api));
    await form.getByRole('button', { name: 'Save' }).click();
    // The server's message stands next to the field it is about.
    await expect(page.locator('#router-name-error')).toContainText('letters, digits');
    await expect(form.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');

    await form.getByLabel('Name', { exact: true }).fill('edge-lab');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByTestId('form-outcome')).toContainText('Connected: demo-isp-gw (RouterOS 7.18.2');
    await page.screenshot({ path: 'artifacts/router-settings.png', fullPage: true });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('tr[data-router="edge-lab"]')).toBeVisible();

    // The overview shows it live; the demo routers made way for it.
    await page.goto(dashboard.url);
    const card = page.locator('li.router-card[data-router="edge-lab"]');
    await expect(card.getByTestId('router-status')).toHaveText('live', { timeout: 15_000 });
    await expect(page.locator('li.router-card')).toHaveCount(1);
    await page.screenshot({ path: 'artifacts/fleet.png', fullPage: true });

    await card.getByRole('link', { name: 'edge-lab' }).click();
    await expect(page).toHaveURL(/\/routers\/edge-lab$/);
    await select(page, ['ether1']);
    await page.getByRole('button', { name: 'Start monitor' }).click();
    await expect(current(page, 'ether1', 'rx')).toHaveText(/bps$/);

    await page.goto(`${dashboard.url}/settings/routers`);
    await page.getByRole('button', { name: 'Remove edge-lab' }).click();
    await page.getByRole('button', { name: 'Really remove edge-lab' }).click();
    await expect(page.locator('tr[data-router="edge-lab"]')).toHaveCount(0);
    expect((await request.get(`${dashboard.url}/api/interface-stats?router=edge-lab`)).status()).toBe(404);
  } finally {
    await dashboard.stop();
    await sim.stop();
  }
});

test('the overview names each demo router and links to its page', async ({ page }) => {
  await page.goto('/');
  const cards = page.locator('li.router-card');
  await expect(cards).toHaveCount(3);
  for (const name of ['demo-core', 'demo-branch', 'demo-hotspot']) {
    const card = page.locator(`li.router-card[data-router="${name}"]`);
    await expect(card.locator('.router-place')).toHaveText('demo router (simulated)');
    await expect(card.getByRole('link', { name })).toHaveAttribute('href', `/routers/${name}`);
  }
  // It refreshes itself: a router not asked for yet is polled, and shows live.
  await expect(page.locator('li.router-card[data-router="demo-branch"] [data-testid="router-status"]')).toHaveText('live', {
    timeout: 15_000,
  });
});
