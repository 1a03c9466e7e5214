// Readable at a glance and fewer steps, in a real Chromium against the real services: the header on one row at
// 1280 px in English, German and Arabic; an MRN as the agent types it; a name without a date of birth.
import { expect, test } from '@playwright/test';
import { demoResources, fullName } from './demo-resources';
import { expectHeaderOnOneRow } from './header-row';

const url = () => process.env.CAREFRONT_URL!;
const demo = demoResources(300, new Date().toISOString().slice(0, 10));

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
  // The desk remembers its language: each test starts in English.
  await page.goto(url());
  await page.locator('.language select').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

for (const language of ['en', 'es', 'fr', 'de', 'zh', 'ar'] as const) {
  test(`the header's controls are on one row at 1280 px (${language})`, async ({ page }) => {
    await expect(page.getByTestId('phone-state')).toBeVisible();
    await page.locator('.language select').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expectHeaderOnOneRow(page);
    await page.locator('.language select').selectOption('en');
  });
}

/** A demo patient with an MRN that no one else has. */
const withOwnMrn = (() => {
  const mrns = demo.patients.map((p) => p.identifier![0]!.value!);
  const p = demo.patients.find((x, i) => mrns.filter((m) => m === mrns[i]).length === 1 && x.birthDate)!;
  return { name: fullName(p), mrn: p.identifier![0]!.value! };
})();

test('an MRN typed in lower case, spaced and with its label finds the patient', async ({ page }) => {
  await page.getByText('MRN', { exact: true }).click();
  const typed = `mrn ${withOwnMrn.mrn.replace(/^MRN/, '').toLowerCase()}`;
  await page.getByLabel('Medical record number').fill(typed);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('result-count')).toHaveText('1 match');
  await expect(page.locator('.match')).toContainText(withOwnMrn.name);
});

test('a rare name is found without a date of birth; a common one says how many match', async ({ page }) => {
  const byFamily = new Map<string, number>();
  for (const p of demo.patients) byFamily.set(p.name![0]!.family!, (byFamily.get(p.name![0]!.family!) ?? 0) + 1);
  const [common, many] = [...byFamily].sort((a, b) => b[1] - a[1])[0]!;
  expect(many, 'some family name is shared by more than a few demo patients').toBeGreaterThan(5);
  const rare = demo.patients.find((p) => demo.patients.filter((q) => fullName(q) === fullName(p)).length === 1)!;

  await page.getByText('Name and date of birth', { exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill(fullName(rare));
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('.match')).toContainText(fullName(rare));

  await page.getByLabel('Name', { exact: true }).fill(common);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('too-many')).toHaveText(`${many} patients match; add the date of birth.`);
  await expect(page.locator('.match')).toHaveCount(0);
});

test('toasts stack in the end corner out of the way, are announced by severity and dismissed with Escape', async ({ page }) => {
  // Four wrap-ups saved one after the other: four notices, only the newest three on the screen.
  for (let i = 0; i < 4; i++) {
    await page.getByLabel('My status').selectOption('wrapUp');
    await page.getByLabel('Outcome').selectOption('resolved');
    await page.getByLabel('Notes').press('Control+Enter');
    await expect(page.getByLabel('My status')).toHaveValue('offline');
  }
  const notices = page.getByTestId('toasts-polite').getByTestId('toast');
  await expect(notices).toHaveCount(3);
  await expect(page.getByTestId('toasts-polite')).toHaveAttribute('aria-live', 'polite');
  await expect(page.getByTestId('toasts-assertive')).toHaveAttribute('aria-live', 'assertive');
  // In the end corner at the foot of the window, clear of the search and the panes' first controls.
  const box = (await page.locator('.toasts').boundingBox())!;
  expect(box.x).toBeGreaterThan(1280 / 2);
  expect(box.y + box.height).toBeGreaterThan(800 - 20);
  expect(box.width).toBeLessThanOrEqual(22 * 15);
  // Escape on a toast's button dismisses it.
  await notices.first().getByRole('button', { name: 'Dismiss' }).focus();
  await page.keyboard.press('Escape');
  await expect(notices).toHaveCount(2);
});
