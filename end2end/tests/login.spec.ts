import { expect, type Page } from '@playwright/test';
import { addUser, newDataDir, startDashboard, type Dashboard, test } from './support';

const ADMIN = { name: 'ana', password: 'Sangat-Rahasia-1' };
const VIEWER = { name: 'vera', password: 'Lihat-Saja-2' };

async function logIn(page: Page, user: { name: string; password: string }): Promise<void> {
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test.describe('with users', () => {
  let dashboard: Dashboard;

  test.beforeAll(async () => {
    const dataDir = newDataDir();
    await addUser(dataDir, ADMIN.name, 'admin', ADMIN.password);
    await addUser(dataDir, VIEWER.name, 'viewer', VIEWER.password);
    dashboard = await startDashboard({}, undefined, dataDir);
  });

  test.afterAll(async () => {
    await dashboard?.stop();
  });

  test('log in, see the fleet, log out', async ({ page }) => {
    await page.goto(`${dashboard.url}/routers/demo-core`);
    await expect(page).toHaveURL(/\/login\?next=%2Frouters%2Fdemo-core$/);
    await page.screenshot({ path: 'artifacts/login.png', fullPage: true });
    await logIn(page, ADMIN);
    // Back where the login started.
    await expect(page).toHaveURL(/\/routers\/demo-core$/);
    await page.goto(dashboard.url);
    await expect(page.getByTestId('who')).toHaveText('ana (admin)');
    await expect(page.locator('li.router-card')).toHaveCount(3);
    const nav = page.getByRole('navigation', { name: 'Pages' });
    await expect(nav.getByRole('link', { name: 'Router settings' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Users' })).toBeVisible();
    const session = (await page.context().cookies()).find((c) => c.name === 'routeros_traffic_session');
    expect(session).toBeTruthy();
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    // The session ended on the server: the old cookie, replayed elsewhere, opens nothing.
    const replay = await page.request.get(`${dashboard.url}/api/routers`, {
      headers: { cookie: `routeros_traffic_session=${session!.value}` },
    });
    expect(replay.status()).toBe(401);
    await page.goto(dashboard.url);
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
  });

  test('a viewer sees no settings, and an admin server function answers 403', async ({ page }) => {
    await page.goto(dashboard.url);
    await logIn(page, VIEWER);
    await expect(page.getByTestId('who')).toHaveText('vera (viewer)');
    const nav = page.getByRole('navigation', { name: 'Pages' });
    await expect(nav.getByRole('link', { name: 'Your password' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Router settings' })).toHaveCount(0);
    // Calling the server function directly, with the viewer's session, changes nothing.
    const response = await page.request.post(`${dashboard.url}/api/fleet/save`, {
      form: { 'input[name]': 'sneaky', 'input[host]': '127.0.0.7' },
    });
    expect(response.status()).toBe(403);
    const routers = await (await page.request.get(`${dashboard.url}/api/routers`)).json();
    expect(routers.routers.map((r: { name: string }) => r.name)).not.toContain('sneaky');
  });
});

test('a session that ends while monitoring sends the page to the login, not into recovery', async ({ page }) => {
  const dataDir = newDataDir();
  await addUser(dataDir, ADMIN.name, 'admin', ADMIN.password);
  const dashboard = await startDashboard({}, undefined, dataDir);
  try {
    await page.goto(`${dashboard.url}/routers/demo-core`);
    await logIn(page, ADMIN);
    await expect(page).toHaveURL(/\/routers\/demo-core$/);
    await page.getByRole('button', { name: 'Start monitor' }).click();
    await expect(page.getByTestId('status')).toHaveText('Live');
    // The session ends on the server (here: a logout in the same browser, from another tab).
    await page.request.post(`${dashboard.url}/logout`);
    await expect(page).toHaveURL(/\/login\?next=%2Frouters%2Fdemo-core$/, { timeout: 10_000 });
  } finally {
    await dashboard.stop();
  }
});

test('the login page says when there have been too many failed logins', async ({ page }) => {
  const dataDir = newDataDir();
  await addUser(dataDir, ADMIN.name, 'admin', ADMIN.password);
  const dashboard = await startDashboard({}, undefined, dataDir);
  try {
    await page.goto(dashboard.url);
    for (let attempt = 0; attempt < 5; attempt++) {
      await logIn(page, { name: 'ana', password: `guess-${attempt}-xyz` });
      await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
    }
    await logIn(page, ADMIN);
    await expect(page.getByRole('alert')).toHaveText(/^Too many failed logins\. Try again in \d+ min\.$/);
    await page.screenshot({ path: 'artifacts/login-throttled.png', fullPage: true });
  } finally {
    await dashboard.stop();
  }
});
