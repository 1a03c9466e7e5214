// Opening a patient from a search (protected sections masked until verification) and after-call work.
import { expect, test } from '@playwright/test';

const url = () => process.env.CAREFRONT_URL!;

test('a patient opened from an MRN search shows who it is, with protected sections masked', async ({ page }) => {
  await page.goto(url());
  await page.getByText('MRN', { exact: true }).click();
  await page.getByLabel('Medical record number').fill('MRN00000001');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('result-count')).toHaveText('1 match');
  // The result names the patient; neither the MRN searched for nor a date of birth comes back to the page.
  await expect(page.locator('.match')).not.toContainText('MRN00000001');
  await expect(page.locator('.match')).not.toContainText(/\d{4}|Born/);
  await page.locator('.match button').first().click();
  const view = page.getByTestId('patient-view');
  await expect(view).toBeVisible();
  await expect(view.locator('[data-section]')).toHaveCount(7);
  await expect(view.locator('[data-section][data-masked="false"]')).toHaveCount(0);
  // Billing is never the front desk's: it says so, not that it waits for verification; the rest waits for it.
  await expect(view.locator('[data-section="billing"]')).toContainText('Not shown to the front desk role.');
  await expect(view.locator('[data-section="appointments"]')).toContainText('Hidden until the caller is verified');
  // With no call, nothing can be checked: the checklist says so and takes no answers.
  await expect(page.getByTestId('verification-no-call')).toBeVisible();
  await expect(page.locator('#verify-mrn')).toBeDisabled();
});

test('after-call work is saved and the agent leaves wrap-up (Available only with a ready phone)', async ({ page }) => {
  await page.goto(url());
  await page.getByLabel('My status').selectOption('wrapUp');
  const form = page.getByRole('form', { name: /After-call work/ });
  await expect(form).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save and become available' })).toBeDisabled();
  await page.getByLabel('Outcome').selectOption('followUpNeeded');
  await expect(page.getByLabel('Call back at')).toBeVisible();
  // The coach: a phrase to avoid gets a better one; words of crisis call for the counsellor.
  await page.getByLabel('Notes').fill("Told her it's not our policy. She said she has no reason to live.");
  await expect(page.getByTestId('coach')).toContainText('Try instead:');
  await expect(page.getByTestId('coach-crisis')).toContainText('crisis counsellor');
  await page.getByLabel('Notes').fill('Caller will check the date with her daughter.');
  await expect(page.getByTestId('coach')).toHaveCount(0);
  const tomorrow = new Date(Date.now() + 86_400_000);
  const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await page.getByLabel('Call back at').fill(local);
  await page.getByLabel('Notes').press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Wrap-up saved.' })).toBeVisible();
  // This workspace has no phone: no call could reach the agent, so they are not shown as Available.
  await expect(page.getByLabel('My status')).toHaveValue('offline');
  await expect(form).toHaveCount(0);
});
