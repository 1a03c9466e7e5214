// Practice mode through the real UI in Chromium: the app started with --practice, simulated callers
// ringing the real call bar and popping the real screen, the trainee answering by choosing or typing,
// the real identity checklist and escalation buttons, and the scores shown at the end. Three
// scenarios played to the end: one passed, one failed on early disclosure, one escalated.
import AxeBuilder from '@axe-core/playwright';
import { expectAxeCleanInEnglishAndArabic } from './axe-both';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { root, startApp, type AppProcess } from './app-process';
import { ifSetUp } from '../if-set-up';

let app: AppProcess;
test.beforeAll(async () => {
  app = await startApp(['--practice']);
});
test.afterAll(async () => {
  await ifSetUp(app, (a) => a.stop());
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

test('practice mode is marked everywhere and its picker is accessible, in English and Arabic', async ({ page }) => {
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
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('اللغة').selectOption('en');
});

test('a booking played well: verified through the checklist before the slot is given — passed at 100 %', async ({ page }) => {
  await ringIn(page, 'booking-new-appointment', 'Robin Trainee');
  await expect(captions(page)).toContainText("I'd like to book a check-up");
  // The practice call on screen (captions, replies, the real checklist) is axe-clean, in English and in Arabic.
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('اللغة').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
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
    // The body scrolls in its own row below the banner: a picture of the whole call needs a view as tall as it.
    const tall = await page.locator('.workspace-body').evaluate((el) => el.scrollHeight + el.getBoundingClientRect().top);
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: size.width, height: Math.ceil(tall) });
    await page.screenshot({ path: 'docs/screenshot-practice-call.png' });
    await page.setViewportSize(size);
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
  await expectAxeCleanInEnglishAndArabic(page);
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
    Object.defineProperty(window, 'speechSynthesis', {
      value: { speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang }), cancel: () => undefined },
      configurable: true,
    });
  });
  await ringIn(page, 'spanish-interpreter', 'Robin Trainee');
  await expect(captions(page)).toContainText('No hablo bien inglés');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken))
    .toEqual([{ text: 'Hola, buenos días. No hablo bien inglés… Necesito ayuda con mi cita, por favor.', lang: 'es' }]);
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

test('the practice banner takes its own space: scrolled content is never under it, and it stays on screen', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 520 });
  await page.goto(app.url);
  const banner = page.getByTestId('practice-banner');
  await expect(banner).toBeVisible();
  // Back to the picker if an earlier test left its report on screen.
  const another = page.getByRole('button', { name: 'Practise another scenario' });
  // The page shows what main holds once it has loaded: the picker, or the last report.
  await expect(page.locator('.scenario-card').first().or(another)).toBeVisible();
  if (await another.isVisible()) await another.click();
  await expect(page.locator('.scenario-card')).not.toHaveCount(0);
  // Each row scrolled to the top of the view (as focus or a jump does) must be uncovered there.
  const uncoveredAtTop = (selector: string) =>
    page.evaluate((sel) => {
      const el = document.querySelector(sel)!;
      el.scrollIntoView({ block: 'start' });
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + 3);
      const b = document.querySelector('[data-testid="practice-banner"]')!.getBoundingClientRect();
      return {
        covered: !el.contains(hit),
        bannerTop: b.top,
        bannerOnScreen: document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2)?.closest('[data-testid="practice-banner"]') !== null,
      };
    }, selector);
  for (const selector of ['.callbar', '.scenario-card:nth-child(1)', '.scenario-card:nth-child(4)', '.practice-history', '#workspace-main']) {
    expect(await uncoveredAtTop(selector), selector).toEqual({ covered: false, bannerTop: 0, bannerOnScreen: true });
  }
});

test('a scenario card tells only who is calling and why; the expected handling comes in the report after the call', async ({ page }) => {
  await page.goto(app.url);
  const card = page.locator('[data-scenario="social-engineering-spouse"]');
  await expect(card).toContainText('Caller: Mark');
  await expect(card.getByTestId('scenario-brief')).toHaveText(
    'A caller named Mark says he is calling for his wife, Claire Dubois, about her appointment and her address.',
  );
  for (const c of await page.locator('.scenario-card').allInnerTexts())
    expect(c).not.toMatch(/refuse|privacy officer|flag|escalat|not on file|Not who they say|verify|Caller speaks/i);
  await ringIn(page, 'social-engineering-spouse', 'Quinn Trainee');
  await expect(page.locator('#practice-title')).toHaveText('Practice');
  await expect(page.getByTestId('practice-brief')).toHaveText(
    'A caller named Mark says he is calling for his wife, Claire Dubois, about her appointment and her address.',
  );
  await expect(page.getByTestId('practice-handling')).toHaveCount(0);
  // Asked who is calling: not on file. The red flag raised, refused, and still time to bring in the privacy officer.
  await choose(page, 'May I have your full name');
  await expect(captions(page)).toContainText('posts her birthday');
  // The caller's number is not on file: the trainee finds the patient he names.
  await page.locator('.patient-search').getByText('Name and date of birth', { exact: true }).click();
  await page.locator('#search-name').fill('Claire Dubois');
  await page.locator('#search-dob').fill('1988-04-21');
  await page.locator('.patient-search').getByRole('button', { name: 'Search' }).click();
  await page.locator('.match button').first().click();
  await expect(page.getByTestId('verification')).toBeVisible();
  await page.getByLabel('Someone calling for the patient? Their name').fill('Mark Dubois');
  await page.getByLabel('Someone calling for the patient? Their name').press('Enter');
  await expect(captions(page)).toContainText('Not on file?');
  // The checkbox shows what main holds: it turns checked once main has the flag.
  const publicInfoOnly = page.getByLabel('Knows only what is public (social media)');
  await publicInfoOnly.click();
  await expect(publicInfoOnly).toBeChecked();
  await choose(page, 'I can only discuss this with Claire');
  await expect(captions(page)).toContainText("So you won't tell me anything?");
  const escalation = page.getByTestId('escalation');
  await escalation.getByRole('button', { name: 'Privacy officer' }).click();
  await escalation.getByLabel('Why').selectOption('privacyConcern');
  await escalation.getByRole('button', { name: 'Escalate to Privacy officer' }).click();
  const report = page.getByTestId('practice-report');
  await expect(report).toHaveAttribute('data-passed', 'true');
  await expect(report.locator('[data-item="redFlag"]')).toHaveAttribute('data-result', 'pass');
  await expect(report.locator('[data-item="privacyOfficer"]')).toHaveAttribute('data-result', 'pass');
  await expect(page.getByTestId('practice-handling')).toContainText('escalate to the privacy officer before the call ends');
  await expect(page.locator('#practice-title')).toContainText("A 'spouse' with details from social media");
  await expect(page.getByTestId('practice-persona')).toContainText('Not who they say');
  await page.getByRole('button', { name: 'Practise another scenario' }).click();
});

test("a parent checked as the patient: the advice is to check her as the mother on file and then the child's identifiers", async ({ page }) => {
  await ringIn(page, 'minor-parent', 'Quinn Trainee');
  await page.locator('#verify-name').fill('Lily Novak');
  await page.locator('[data-identifier="name"] button').click();
  await page.locator('#verify-birthDate').fill('2017-03-03');
  await page.locator('[data-identifier="birthDate"] button').click();
  await page.getByRole('button', { name: 'Hang up' }).click();
  const advice = page.getByTestId('practice-advice').locator('[data-advice="identifiers"]');
  await expect(advice).toContainText("on file as the patient's mother");
  await expect(advice).toContainText("then the patient's full name and date of birth — not the caller's");
  await expect(page.getByTestId('practice-advice')).not.toContainText("the caller's full name and date of birth");
  await page.getByRole('button', { name: 'Practise another scenario' }).click();
});

test('a protected fact said in other words before verification fails the call: "PT on the third, 2pm, at Riverside"', async ({ page }) => {
  await ringIn(page, 'reschedule-appointment', 'Quinn Trainee');
  await page.getByLabel('Your reply to the caller').fill('PT on the third, 2pm, at Riverside');
  await page.getByRole('button', { name: 'Say it' }).click();
  const report = page.getByTestId('practice-report');
  await expect(report.locator('[data-item="verifyFirst"]')).toHaveAttribute('data-result', 'fail');
  await expect(page.getByTestId('practice-auto-failed')).toHaveText('Automatic fail: Verified before any disclosure');
  await page.getByRole('button', { name: 'Practise another scenario' }).click();
});
