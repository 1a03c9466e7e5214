// The EHR link in the call bar, in a real Chromium against the real app over the bridge. With no FHIR
// server configured (the demo store) it says the link is not configured, in English and in Arabic
// (right-to-left). The connected states (first load, synced) are covered against the real FHIR server
// by ./ehr-sync.spec.ts.
import { expect, test } from '@playwright/test';

const url = () => process.env.CAREFRONT_URL!;

test.beforeEach(({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

test('with no FHIR server the demo workspace says the EHR link is not configured, in English and in Arabic (right-to-left)', async ({ page }) => {
  await page.goto(url());
  const line = page.getByRole('status').filter({ hasText: 'EHR link not configured' });
  await expect(line).toBeVisible();
  await expect(page.getByTestId('ehr-link-status')).toHaveText('○EHR link not configured');
  await expect(page.getByTestId('ehr-link')).toHaveAttribute('data-state', 'notConfigured');
  await expect(line).toHaveAttribute('aria-live', 'polite');
  // The details say what it means and that there is no server.
  await page.getByText('EHR link details').click();
  const details = page.getByTestId('ehr-link-details');
  await expect(details).toContainText('No EHR server is set up: Carefront works from its local store only.');
  await expect(details).toContainText('ServerNone configured');
  await page.getByText('EHR link details').click();

  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('status').filter({ hasText: 'لم يتم إعداد الاتصال بالسجل الصحي الإلكتروني' })).toBeVisible();
  await expect(page.getByTestId('ehr-link')).toHaveCSS('direction', 'rtl');
  await expect(page.getByRole('group', { name: 'الاتصال بالسجل الصحي الإلكتروني' })).toBeVisible();
  await page.getByLabel('اللغة').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
});
