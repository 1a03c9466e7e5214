// The workspace shell in a real Chromium against the real services over the bridge.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const url = () => process.env.CAREFRONT_URL!;

test.beforeEach(({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

test('the workspace loads on the encrypted demo store and says the phone is offline', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByRole('heading', { name: 'Patient', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Guidance' })).toBeVisible();
  await expect(page.getByTestId('phone-state')).toHaveText('Phone offline');
  await expect(page.getByTestId('phone-banner')).toContainText('No SIP account is set up');
  await expect(page.getByTestId('store-line')).toHaveText('Demo store: 300 synthetic patients, encrypted');
  await expect(page.getByRole('button', { name: 'Call' })).toBeDisabled();
  // The token left the address bar once read.
  expect(page.url()).not.toContain('token=');
});

test('switching to Arabic flips the layout right-to-left, and it is remembered', async ({ page }) => {
  await page.goto(url());
  const html = page.locator('html');
  await expect(html).toHaveAttribute('dir', 'ltr');
  const guidanceX = async () => (await page.getByRole('heading', { level: 2 }).nth(1).boundingBox())!.x;
  const ltrX = await guidanceX();
  await page.getByLabel('Language').selectOption('ar');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(html).toHaveAttribute('lang', 'ar');
  await expect(page.getByTestId('phone-state')).toHaveText('الهاتف غير متصل');
  // The guidance pane moved from the right side to the left side.
  expect(await guidanceX()).toBeLessThan(ltrX);
  await page.reload();
  await expect(html).toHaveAttribute('dir', 'rtl');
  await page.getByLabel('اللغة').selectOption('en');
  await expect(html).toHaveAttribute('dir', 'ltr');
});

test('a contract call round-trips: the agent status changes in main and comes back', async ({ page }) => {
  await page.goto(url());
  const status = page.getByLabel('My status');
  await status.selectOption('break');
  await expect(status).toHaveValue('break');
  await page.reload();
  await expect(page.getByLabel('My status')).toHaveValue('break');
  await page.getByLabel('My status').selectOption('offline');
  await expect(page.getByLabel('My status')).toHaveValue('offline');
});

test('a search runs against the encrypted store and lists matches', async ({ page }) => {
  await page.goto(url());
  await page.getByText('MRN', { exact: true }).click();
  await page.getByLabel('Medical record number').fill('NO-SUCH-MRN');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('result-count')).toHaveText(/No patient matches/);
});

test('an invalid argument is rejected in main with a clear, translated error', async ({ page }) => {
  await page.goto(url());
  await page.getByLabel('Phone number').fill('call me maybe');
  await page.getByRole('button', { name: 'Search' }).click();
  const error = page.getByTestId('search-error');
  await expect(error).toHaveAttribute('data-code', 'invalidArgument');
  await expect(error).toHaveText('That input is not valid. Check it and try again.');
});

test('the workspace has no accessibility violations (axe-core), in English and Arabic', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByTestId('phone-state')).toBeVisible();
  const en = await new AxeBuilder({ page }).analyze();
  expect(en.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const ar = await new AxeBuilder({ page }).analyze();
  expect(ar.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  await page.getByLabel('اللغة').selectOption('en');
});

test('the page runs under the strict CSP with no violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto(url());
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByTestId('phone-state')).toBeVisible();
  expect(violations).toEqual([]);
});
