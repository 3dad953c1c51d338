import { expect } from '@playwright/test';
import { collectPageErrors, current, demoPage, expectAxeClean, expectNoHorizontalScroll, select, test } from './support';

// An operator whose browser prefers Indonesian gets the page in Indonesian, numbers with a
// decimal comma, and can switch to English, which is remembered.
test.describe('a browser that prefers Bahasa Indonesia', () => {
  test.use({ locale: 'id-ID' });

  test('gets the dashboard in Indonesian, with decimal commas, and axe is clean', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto(demoPage);
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    const start = page.getByRole('button', { name: 'Mulai pemantauan' });
    await expect(start).toBeEnabled();
    await select(page, ['ether1', '<pppoe-budi>', '<pppoe-citra>']);
    await start.click();
    await expect(page.getByTestId('status')).toHaveText('Langsung', { timeout: 5_000 });
    await expect(page.getByTestId('status-detail')).toHaveText(/^terakhir diperbarui \d\d\.\d\d\.\d\d$/);
    await expect(current(page, 'ether1', 'rx')).toHaveText(/^\d[\d,]* [kMG]?bps$/, { timeout: 5_000 });
    // Every rate in the legend is written the Indonesian way: a comma, never a point.
    const rates = await page.locator('.legend td[data-testid="current"]').allTextContents();
    expect(rates.length).toBeGreaterThanOrEqual(6);
    for (const rate of rates) expect(rate).toMatch(/^(\d+(,\d+)? [kMG]?bps|tidak diketahui)$/);
    await expect(page.getByRole('combobox', { name: 'Rentang' })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Skala logaritmik' })).toBeVisible();

    // The longer Indonesian words fit on a phone too, in both schemes.
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 740 });
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await expectNoHorizontalScroll(page);
        await expectAxeClean(page);
      }
    }
    await page.screenshot({ path: 'artifacts/language-id-phone.png', fullPage: true });
    for (const path of ['/', '/settings/routers', '/settings/users', '/login']) {
      await page.goto(path);
      await expectNoHorizontalScroll(page);
      await expectAxeClean(page);
    }
    expect(errors).toEqual([]);
  });

  test('a wrong address gets the app\'s own page, in Indonesian, that works', async ({ page }) => {
    const crashes: string[] = [];
    page.on('pageerror', (error) => crashes.push(error.message));
    const missing = await page.goto('/routers/');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('alert')).toHaveText('Halaman tidak ada.');
    await expect(page.getByRole('link', { name: 'Semua router' }).first()).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAxeClean(page);
    // Hydrated: the language switch in its header works.
    await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
    await expect(page.getByRole('alert')).toHaveText('No such page.');
    expect(crashes).toEqual([]);
  });

  test('a field the server refuses is worded in Indonesian beside it', async ({ page }) => {
    await page.goto('/settings/routers');
    const add = page.getByRole('button', { name: 'Tambah router' });
    await expect(add).toBeEnabled();
    await add.click();
    const form = page.getByRole('form', { name: 'Tambah router' });
    await form.getByLabel('Nama', { exact: true }).fill('edge-lab');
    await form.getByLabel('Host (nama atau alamat IP)').fill('127.0.0.1/admin');
    await form.getByLabel(/^Port API/).fill('70000');
    await form.getByRole('button', { name: 'Simpan' }).click();
    // The server sends codes and its limits; the page words them, each beside its field.
    await expect(page.locator('#router-port-error')).toHaveText('70000 bukan nomor port yang valid: gunakan 1 sampai 65535');
    await expect(page.locator('#router-host-error')).toHaveText('nama DNS atau alamat IP, tanpa port, skema, atau path');
    await expect(form.getByLabel(/^Port API/)).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByTestId('form-outcome')).toHaveText('Beberapa isian perlu diubah.');
  });

  test('switches to English on the page, and English is remembered', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Semua router' })).toBeVisible();
    const language = page.getByRole('combobox', { name: 'Bahasa' });
    await expect(language).toHaveValue('id');
    await language.selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('link', { name: 'All routers' })).toBeVisible();
    // The browser still prefers Indonesian; the choice made on the page wins, on every page.
    await page.goto(demoPage);
    await expect(page.getByRole('button', { name: 'Start monitor' })).toBeEnabled();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('id');
    await expect(page.getByRole('button', { name: 'Mulai pemantauan' })).toBeEnabled();
  });

  test('the login page is in Indonesian too', async ({ page }) => {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    await expect(page.getByRole('button', { name: 'Masuk' })).toBeVisible();
    await expect(page.getByLabel('Nama pengguna')).toBeVisible();
    await page.getByLabel('Nama pengguna').fill('nobody');
    await page.getByLabel('Kata sandi').fill('wrong');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.getByRole('alert')).toHaveText('Nama pengguna atau kata sandi salah.');
  });

  test('the login page switches to English by itself, and the choice is kept', async ({ page }) => {
    await page.goto(`/login?next=${encodeURIComponent(demoPage)}`);
    const languages = page.getByRole('navigation', { name: 'Bahasa' });
    await expect(languages.getByRole('link', { name: 'Bahasa Indonesia' })).toHaveAttribute('aria-current', 'true');
    await languages.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
    // Where the login was going to is kept.
    await expect(page.locator('input[name="next"]')).toHaveValue(demoPage);
    await expectAxeClean(page);
    // The browser still prefers Indonesian; the choice wins on the next page.
    await page.goto(demoPage);
    await expect(page.getByRole('button', { name: 'Start monitor' })).toBeEnabled();
  });
});

test('a browser that prefers English gets English', async ({ page }) => {
  await page.goto(demoPage);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Start monitor' })).toBeEnabled();
});
