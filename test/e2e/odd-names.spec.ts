// Names and dates that the page must not be fooled by, in a store of their own (real import, real
// app, real Chromium): a 10,000-character name wraps and is clamped (the page stays as wide as the
// window), a name with a right-to-left override or zero-width characters is isolated and shown as
// the letters on file, and a FHIR partial birth date ("1963") reads as a year, never "Invalid Date".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ImportRepository, keyFileProvider, openStore } from '../../electron/cache';
import { startApp, type AppProcess } from './app-process';
import { ifSetUp } from '../if-set-up';

let app: AppProcess;
const LONG = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(286).slice(0, 10_000);
const patient = (id: string, mrn: string, name: Record<string, unknown>, birthDate: string) => ({
  resourceType: 'Patient',
  id,
  identifier: [{ type: { coding: [{ code: 'MR' }] }, value: mrn }],
  name: [{ use: 'official', ...name }],
  birthDate,
  telecom: [{ system: 'phone', value: '+1 617 555 0177', use: 'mobile' }],
});

test.beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-e2e-names-'));
  const store = openStore({ path: path.join(dataDir, 'demo.db'), keyProvider: keyFileProvider(path.join(dataDir, 'demo.key')) });
  const report = new ImportRepository(store).importGenerated(
    [
      patient('odd-long', 'MRN-LONG-1', { given: ['Hubert'], family: LONG }, '1963'),
      // Stored as "Ali" + RIGHT-TO-LEFT OVERRIDE + "ceS" + NUL, "Ma" + ZERO WIDTH SPACE + "ry".
      patient('odd-bidi', 'MRN-BIDI-1', { given: ['Ali\u202Ece'], family: 'Se\u0000n' }, '1963-05'),
      patient('odd-zw', 'MRN-ZW-1', { given: ['Ma\u200Bry'], family: 'Jo\u2060nes' }, '1970-01-02'),
    ],
    '(e2e odd names)',
  );
  store.close();
  expect(report.issues).toEqual([]);
  app = await startApp([], 1, dataDir);
});

test.afterAll(async () => {
  await ifSetUp(app, (a) => a.stop());
});

async function searchMrn(page: Page, mrn: string) {
  await page.goto(app.url);
  await page.getByText('MRN', { exact: true }).click();
  await page.getByLabel('Medical record number').fill(mrn);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('result-count')).toHaveText('1 match');
}

const pageWidth = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));

test('a 10,000-character name wraps and is clamped: the page stays within the window', async ({ page }) => {
  await searchMrn(page, 'MRN-LONG-1');
  let w = await pageWidth(page);
  expect(w.scroll).toBeLessThanOrEqual(w.viewport);
  await page.locator('.match button').first().click();
  await expect(page.getByTestId('patient-view')).toBeVisible();
  w = await pageWidth(page);
  expect(w.scroll).toBeLessThanOrEqual(w.viewport);
  const heading = await page.locator('#pv-name').boundingBox();
  expect(heading!.height).toBeLessThan(300);
  await expect(page.locator('body')).not.toContainText('Invalid Date');
  // Right to left, the same.
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  w = await pageWidth(page);
  expect(w.scroll).toBeLessThanOrEqual(w.viewport);
  await page.getByLabel('اللغة').selectOption('en');
});

test('a partial birth date reads as the year (or month and year), never "Invalid Date"', async ({ page }) => {
  // Where the page shows a birth date before verification at all, it is the year as on file.
  await searchMrn(page, 'MRN-LONG-1');
  await expect(page.locator('.match')).not.toContainText('Invalid');
  if (await page.locator('.match', { hasText: 'Born' }).count()) {
    await expect(page.locator('.match')).toContainText('Born 1963');
    await expect(page.locator('.match')).not.toContainText('Jan');
  }
  await searchMrn(page, 'MRN-BIDI-1');
  await expect(page.locator('.match')).not.toContainText('Invalid');
  if (await page.locator('.match', { hasText: 'Born' }).count()) await expect(page.locator('.match')).toContainText('Born May 1963');
});

test('names with bidi overrides, NUL and zero-width characters are isolated and shown as their letters', async ({ page }) => {
  await searchMrn(page, 'MRN-BIDI-1');
  const name = page.locator('.match bdi').first();
  await expect(name).toHaveText('Alice Sen');
  expect(await name.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate');
  await searchMrn(page, 'MRN-ZW-1');
  await expect(page.locator('.match bdi').first()).toHaveText('Mary Jones');
  await page.locator('.match button').first().click();
  await expect(page.locator('#pv-name bdi')).toHaveText('Mary Jones');
});
