// The knowledge base on a real call, in real Chromium: one workspace calls another over the SIP rig; during the
// call the agent types a few letters and sees ranked articles with the matched words marked, update as they type
// on; picking the call's reason suggests its article, which opens to be read aloud; in Spanish an article not
// written in Spanish says it is shown in English. Axe-clean throughout.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Kamailio } from '../rig/rig';
import { writeAccountFile } from './patient-caller';
import { startApp, type AppProcess } from './app-process';
import { ifSetUp } from '../if-set-up';

let kam: Kamailio;
const apps: AppProcess[] = [];

test.beforeAll(async () => {
  kam = await Kamailio.create();
  apps.push(await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent')], 30));
  apps.push(await startApp(['--sip-account', writeAccountFile('dave', kam.wsUrl, 'Dave Caller')], 30));
});

test.afterAll(async () => {
  for (const a of apps) await a.stop();
  await ifSetUp(kam, (k) => k.dispose());
});

async function open(page: Page, app: AppProcess) {
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
}

async function axeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('during a call: search as you type, a suggestion from the call reason, the article read aloud', async ({ browser }) => {
  test.setTimeout(120_000);
  const alice = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  const dave = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await open(alice, apps[0]!);
  await open(dave, apps[1]!);
  await alice.getByLabel('My status').selectOption('available');
  await dave.getByPlaceholder('Number to dial').fill('alice');
  await dave.getByRole('button', { name: 'Call', exact: true }).click();
  await alice.getByRole('button', { name: 'Answer' }).click();
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');

  // Alt+I goes to the search; a few letters find the colonoscopy article by its title, the word marked.
  await alice.keyboard.press('Alt+KeyI');
  const search = alice.getByLabel('Search the articles');
  await expect(search).toBeFocused();
  await search.pressSequentially('colon', { delay: 40 });
  const results = alice.getByRole('list', { name: 'Articles found' });
  await expect(results.getByRole('button').first()).toContainText('Colonoscopy preparation');
  await expect(results.locator('mark').first()).toHaveText(/^colon/i);
  // Typing on changes the results: "colonoscopy driver" is the preparation article only.
  await search.pressSequentially('oscopy driv', { delay: 40 });
  await expect(results.getByRole('button')).toHaveCount(1);
  await expect(results.getByRole('button')).toContainText('Colonoscopy preparation');
  await expect(results.locator('mark')).toContainText(['driv']);
  await search.fill('refill');
  await expect(results.getByRole('button').first()).toContainText(/refill/i);
  await axeClean(alice);

  // The call's reason: the refill article is suggested, and opens (Enter on it) to be read aloud.
  await search.fill('');
  await alice.getByLabel('Reason for the call').selectOption('prescriptionRefill');
  const suggested = alice.getByRole('list', { name: 'Suggested for this call' });
  await expect(suggested.getByRole('button', { name: /Prescription refill requests/ })).toBeVisible();
  await suggested.getByRole('button', { name: /Prescription refill requests/ }).focus();
  await alice.keyboard.press('Enter');
  const reader = alice.getByRole('article', { name: 'Prescription refill requests' });
  await expect(reader.getByRole('heading', { name: 'First, ask the pharmacy' })).toBeVisible();
  await expect(reader.locator('li strong').first()).toBeVisible();
  await expect(reader).not.toContainText('**');
  await axeClean(alice);
  await reader.getByRole('button', { name: 'Close' }).click();
  await expect(reader).toHaveCount(0);

  // An article past its review date is marked, in the list and in the reader.
  await search.fill('MRI safe');
  await expect(results.getByRole('button').first()).toContainText('Review overdue');
  await results.getByRole('button').first().click();
  await expect(alice.getByRole('article', { name: 'MRI safety screening' })).toContainText('Review overdue: due by 2026-09-30');

  // In Spanish: a Spanish article in Spanish, and one not written in Spanish shown in English, said so.
  await alice.locator('#language-switcher').selectOption('es');
  const buscar = alice.getByLabel('Buscar en los artículos');
  await buscar.fill('colonoscopia');
  const resultados = alice.getByRole('list', { name: 'Artículos encontrados' });
  await expect(resultados.getByRole('button').first()).toContainText('Preparación para la colonoscopia');
  await buscar.fill('refill');
  await resultados.getByRole('button', { name: /^Prescription refill requests/ }).click();
  await expect(alice.getByRole('article', { name: 'Prescription refill requests' })).toContainText('Se muestra en inglés: aún no está escrito en Español.');
  await axeClean(alice);

  // In Arabic (right to left): the open article follows the language, Arabic search finds the Arabic article.
  await alice.locator('#language-switcher').selectOption('ar');
  await expect(alice.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(alice.getByRole('article', { name: 'Prescription refill requests' })).toContainText('معروض بالإنجليزية: لم يُكتب بعد باللغة العربية.');
  const buscarAr = alice.getByLabel('البحث في المقالات');
  await buscarAr.fill('تنظير القولو');
  const arResults = alice.getByRole('list', { name: 'المقالات التي وُجدت' });
  await expect(arResults.getByRole('button').first()).toContainText('التحضير لتنظير القولون');
  await arResults.getByRole('button').first().click();
  const arArticle = alice.getByRole('article', { name: 'التحضير لتنظير القولون' });
  await expect(arArticle).toHaveAttribute('dir', 'rtl');
  await expect(arArticle.getByRole('heading', { name: 'يوم الإجراء' })).toBeVisible();
  await axeClean(alice);

  await dave.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
});
