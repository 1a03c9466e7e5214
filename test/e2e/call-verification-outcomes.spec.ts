// Real calls from a patient's number where verification does not pass: in English the caller cannot
// give matching identifiers; in Arabic the caller is the patient's adult child, on file but with no
// consent. Both times nothing protected opens, the privacy officer is recommended, the agent
// escalates to them (Alt+5, nobody answers: back with the caller), and the wrap-up is saved.
import { expect, test, type Page } from '@playwright/test';
import { generateResources } from '../../electron/cache';
import { ringAndPickCaller, startPatientCallerRig, type PatientCallerRig } from './patient-caller';
import { ifSetUp } from '../if-set-up';

let rig: PatientCallerRig;

// The first synthetic patient's related person (the rig's caller number is that patient's home phone).
const child = (() => {
  const all = [...generateResources({ patients: 50, today: new Date().toISOString().slice(0, 10) })] as unknown as {
    resourceType: string;
    id: string;
    name?: { given: string[]; family: string }[];
  }[];
  const rp = all.find((r) => r.resourceType === 'RelatedPerson' && r.id === 'rp-0000001-1')!;
  return `${rp.name![0]!.given.join(' ')} ${rp.name![0]!.family}`;
})();

test.beforeAll(async () => {
  rig = await startPatientCallerRig({ rtpengine: true });
});

test.afterAll(async () => ifSetUp(rig, (r) => r.dispose()));

async function answerCallFromPatient(page: Page, language: 'en' | 'ar') {
  await page.goto(rig.app.url);
  await expect(page.getByTestId('phone-state')).toHaveAttribute('class', /phone-registered/, { timeout: 15_000 });
  await page.locator('#language-switcher').selectOption(language);
  await page.locator('#agent-status').selectOption('available');
  await ringAndPickCaller(page, rig);
  await page.keyboard.press('Alt+KeyA');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');
}

async function escalateToPrivacyOfficerAndWrapUp(page: Page) {
  await expect(page.getByTestId('recommend-privacy-officer')).toBeVisible();
  await expect(page.getByTestId('patient-view').locator('[data-masked="false"]')).toHaveCount(0);
  await page.keyboard.press('Alt+Digit5');
  await page.locator('#escalation-reason').selectOption('privacyConcern');
  await page.getByTestId('escalation').locator('.escalation-confirm button').click();
  await expect(page.getByTestId('next-step')).toBeVisible();
  // Nobody is "privacy" on this rig: the agent is told so, and is back with the caller.
  await expect(page.getByTestId('next-step')).toHaveAttribute('data-stage', 'unanswered', { timeout: 10_000 });
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active', { timeout: 10_000 });
  await rig.caller.command('hangup');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await page.locator('#wrap-up-disposition').selectOption('escalated');
  await page.locator('#wrap-up-notes').press('Control+Enter');
  await expect(page.locator('#agent-status')).toHaveValue('available');
  await page.locator('#language-switcher').selectOption('en');
  await page.context().close();
}

test('a caller who cannot verify: nothing opens, the privacy officer is called in (en)', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await answerCallFromPatient(page, 'en');
  await page.locator('#verify-name').fill('Somebody Else');
  await page.locator('[data-identifier="name"] button').click();
  await page.locator('#verify-birthDate').fill('1990-01-01');
  await page.locator('[data-identifier="birthDate"] button').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'failed');
  await escalateToPrivacyOfficerAndWrapUp(page);
});

test("the patient's adult child, on file without consent: refused, the privacy officer is called in (ar)", async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await answerCallFromPatient(page, 'ar');
  await page.locator('#verify-proxy').fill(child);
  await page.locator('form.who button').click();
  await expect(page.getByTestId('caller')).toContainText('لا توجد موافقة');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'failed');
  await escalateToPrivacyOfficerAndWrapUp(page);
});
