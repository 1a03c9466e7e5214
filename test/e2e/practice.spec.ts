// Practice mode through the real UI in Chromium: the app started with --practice, simulated callers
// ringing the real call bar and popping the real screen, the trainee answering by choosing or typing,
// the real identity checklist and escalation buttons, and the scores shown at the end. Three
// scenarios played to the end: one passed, one failed on early disclosure, one escalated.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { root, startApp, type AppProcess } from './app-process';

let app: AppProcess;
test.beforeAll(async () => {
  app = await startApp(['--practice']);
});
test.afterAll(async () => {
  await app?.stop();
});

const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

async function ringIn(page: Page, scenarioId: string, trainee: string) {
  await page.goto(app.url);
  await expect(page.getByTestId('practice-banner')).toContainText('No real calls are placed');
  await page.getByLabel('Your name (trainee)').fill(trainee);
  await page.locator(`[data-scenario="${scenarioId}"]`).getByRole('button', { name: 'Start practice call' }).click();
  await expect(page.getByTestId('practice')).toHaveAttribute('data-phase', 'ringing');
  await page.getByRole('button', { name: 'Answer', exact: true }).click();
  await expect(page.getByTestId('practice')).toHaveAttribute('data-phase', 'onCall');
}

const captions = (page: Page) => page.getByTestId('practice-captions');
const choose = (page: Page, text: string) => page.getByTestId('practice-choice').filter({ hasText: text }).click();

test('practice mode is marked everywhere and its picker is accessible', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('practice-banner')).toBeVisible();
  await expect(page).toHaveTitle(/PRACTICE/);
  await expect(page.getByTestId('store-line')).toHaveText('Practice store: synthetic patients only, encrypted');
  const files = fs.readdirSync(path.join(root, 'assets/practice/scenarios')).filter((f) => f.endsWith('.json'));
  await expect(page.locator('.scenario-card')).toHaveCount(files.length);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.getByTestId('practice-banner')).toContainText('لا تُجرى أي مكالمات حقيقية');
  await expect(page).toHaveTitle(/وضع التدريب/);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByLabel('اللغة').selectOption('en');
});

test('a booking played well: verified through the checklist before the slot is given — passed at 100 %', async ({ page }) => {
  await ringIn(page, 'booking-new-appointment', 'Robin Trainee');
  await expect(captions(page)).toContainText("I'd like to book a check-up");
  // The real screen pop opened the synthetic patient; the real checklist is waiting.
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
  await choose(page, 'date of birth');
  await expect(captions(page)).toContainText('born the twelfth of March 1985');
  await page.locator('#verify-name').fill('Maria Lopez');
  await page.locator('[data-identifier="name"] button').click();
  await page.locator('#verify-birthDate').fill('1985-03-12');
  await page.locator('[data-identifier="birthDate"] button').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await expect(captions(page)).toContainText('can you sort that out');
  // `CAREFRONT_SCREENSHOTS=1` refreshes the README's pictures of practice mode.
  if (process.env.CAREFRONT_SCREENSHOTS) {
    await page.evaluate(() => window.scrollTo(0, 0)); // the banner is sticky: a full-page picture shows it where the page was scrolled
    await page.screenshot({ path: 'docs/screenshot-practice-call.png', fullPage: true });
  }
  // Typed, not chosen: the keywords of the suggested reply count.
  await page.getByLabel('Your reply to the caller').fill('The first opening is Tuesday at 9, December 8. Shall I book it?');
  await page.getByRole('button', { name: 'Say it' }).click();
  const report = page.getByTestId('practice-report');
  await expect(report).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('practice-percent')).toHaveText('100% (pass mark 70%)');
  await expect(report.locator('[data-item="holdEtiquette"]')).toHaveAttribute('data-result', 'na');
  await expect(report).toContainText('Nothing to change: well done.');
  if (process.env.CAREFRONT_SCREENSHOTS) await report.screenshot({ path: 'docs/screenshot-practice-report.png' });
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Practise another scenario' }).click();
  await expect(page.getByTestId('practice-history').locator('[data-scenario="booking-new-appointment"]')).toHaveAttribute('data-passed', 'true');
});

test('a billing call that gives the balance away before verification fails automatically', async ({ page }) => {
  await ringIn(page, 'billing-double-charge', 'Robin Trainee');
  await expect(captions(page)).toContainText('charged twice');
  await choose(page, '$420');
  const report = page.getByTestId('practice-report');
  await expect(report).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId('practice-verdict')).toHaveText('Not passed');
  await expect(page.getByTestId('practice-auto-failed')).toHaveText('Automatic fail: Verified before any disclosure');
  await expect(page.getByTestId('practice-percent')).toHaveText('15% (pass mark 70%)');
  await expect(report.locator('[data-item="verifyFirst"]')).toHaveAttribute('data-result', 'fail');
  await expect(page.getByTestId('practice-advice')).toContainText('Complete the identity check');
  await expect(page.getByTestId('practice-persona')).toContainText('The caller, Helen Park: Worried about money');
  await page.getByRole('button', { name: 'Practise another scenario' }).click();
  await expect(page.getByTestId('practice-history').locator('[data-scenario="billing-double-charge"]')).toHaveAttribute('data-passed', 'false');
});

test('a distressed caller: empathy, then the crisis counsellor from the real escalation buttons — passed', async ({ page }) => {
  await ringIn(page, 'distressed-crisis-counsellor', 'Sky Trainee');
  await expect(captions(page)).toContainText("I just can't do this anymore");
  await choose(page, 'It sounds like');
  await expect(captions(page)).toContainText('no reason to live');
  const escalation = page.getByTestId('escalation');
  await escalation.getByRole('button', { name: 'Crisis counsellor' }).click();
  await escalation.getByLabel('Why').selectOption('distress');
  await escalation.getByRole('button', { name: 'Escalate to Crisis counsellor' }).click();
  await expect(captions(page)).toContainText('thank you for staying with me');
  const report = page.getByTestId('practice-report');
  await expect(report).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('practice-percent')).toHaveText('100% (pass mark 70%)');
  await expect(report.locator('[data-item="crisisCounsellor"]')).toHaveAttribute('data-result', 'pass');
  await expect(report.locator('[data-item="empathy"]')).toHaveAttribute('data-result', 'pass');
  // The simulated caller and counsellor hang up: the call bar empties and wrap-up follows as on a live call.
  await expect(page.locator('.calls')).toHaveCount(0);
  // A trainee sees their own history only; everyone's is a team lead's review, on a lead's practice desk.
  await page.getByRole('button', { name: 'Practise another scenario' }).click();
  await expect(page.getByRole('button', { name: 'Everyone (team lead review)' })).toHaveCount(0);
  const leadDesk = await startApp(['--practice', '--role', 'teamLead'], 300, app.dataDir);
  try {
    await page.goto(leadDesk.url);
    await page.getByRole('button', { name: 'Everyone (team lead review)' }).click();
    await expect(page.getByTestId('practice-history').locator('li')).toHaveCount(3);
    await expect(page.getByTestId('practice-history')).toContainText('Robin Trainee');
  } finally {
    await leadDesk.stop();
  }
});

test('a Spanish-speaking caller: Spanish captions spoken in Spanish, an interpreter offered, verified, then helped — passed', async ({ page }) => {
  // Record what the page asks the platform to say (Chromium here has no voices to hear).
  await page.addInitScript(() => {
    const spoken: { text: string; lang: string }[] = [];
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
    class Utterance {
      lang = '';
      constructor(readonly text: string) {}
    }
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
    Object.defineProperty(window, 'speechSynthesis', { value: { speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang }), cancel: () => undefined }, configurable: true });
  });
  await ringIn(page, 'spanish-interpreter', 'Robin Trainee');
  await expect(captions(page)).toContainText('No hablo bien inglés');
  await expect.poll(() => page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken)).toEqual([
    { text: 'Hola, buenos días. No hablo bien inglés… Necesito ayuda con mi cita, por favor.', lang: 'es' },
  ]);
  await choose(page, 'intérprete');
  await expect(captions(page)).toContainText('Me llamo José Martínez');
  await page.locator('#verify-name').fill('Jose Martinez');
  await page.locator('[data-identifier="name"] button').click();
  await page.locator('#verify-birthDate').fill('1963-06-17');
  await page.locator('[data-identifier="birthDate"] button').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await expect(captions(page)).toContainText('¿qué día es?');
  // Speech off: the caller's last line is captioned, not spoken.
  await page.getByLabel("Read the caller's lines aloud").uncheck();
  await choose(page, '11 de diciembre');
  await expect(captions(page)).toContainText('muchas gracias por su paciencia');
  await expect(page.getByTestId('practice-report')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('practice-percent')).toHaveText('100% (pass mark 70%)');
  const spoken = await page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
  expect(spoken.map((s) => s.lang)).toEqual(['es', 'es', 'es']);
  expect(spoken.at(-1)!.text).toBe('Entonces, ¿qué día es?');
});
