// A whole call, as an agent lives it, in English and in Arabic: a real phone calls from a patient's
// number; the pop shows the patient while it rings; the agent answers, verifies two identifiers,
// reads a prompt for the moment, escalates (nobody answers: back with the caller), the caller hangs
// up, and the wrap-up is saved.
import { expect, test } from '@playwright/test';
import { ringAndPickCaller, startPatientCallerRig, type PatientCallerRig } from './patient-caller';
import { ifSetUp } from '../if-set-up';

let rig: PatientCallerRig;

// The browser's WebRTC meets the phone's plain RTP through rtpengine.
test.beforeAll(async () => {
  rig = await startPatientCallerRig({ rtpengine: true });
});

test.afterAll(async () => ifSetUp(rig, (r) => r.dispose()));

for (const language of ['en', 'ar'] as const) {
  test(`a whole call from pop to wrap-up (${language})`, async ({ browser }) => {
    const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
    await page.goto(rig.app.url);
    await expect(page.getByTestId('phone-state')).toHaveAttribute('class', /phone-registered/, { timeout: 15_000 });
    await page.locator('#language-switcher').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
    await page.locator('#agent-status').selectOption('available');

    // A family phone offers everyone on it: the agent picks who is calling.
    await ringAndPickCaller(page, rig);
    await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
    await page.keyboard.press('Alt+A');
    await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');
    await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });

    await page.locator('#verify-mrn').fill(rig.patient.mrn);
    await page.locator('[data-identifier="mrn"] button').click();
    await page.locator('#verify-birthDate').fill(rig.patient.birthDate);
    await page.locator('[data-identifier="birthDate"] button').click();
    await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
    await expect(page.getByTestId('patient-view').locator('[data-section="appointments"]')).toHaveAttribute('data-masked', 'false');
    // The English run's wrap-up is in the history of the Arabic run, its outcome in Arabic.
    if (language === 'ar') await expect(page.getByTestId('patient-view').locator('[data-section="history"]')).toContainText('تم الحل');

    await page.getByTestId('prompts').locator('.chip').nth(4).click(); // "saying no"
    await expect(page.getByTestId('prompts').locator('blockquote[data-moment="deniedRequest"]')).toBeVisible();

    // `CAREFRONT_SCREENSHOTS=1` refreshes the README's pictures of a call in progress.
    if (process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: `docs/screenshot-call-${language}.png`, fullPage: true });

    await page.getByTestId('escalation').locator('.escalation-buttons button').first().click(); // supervisor
    await page.locator('#escalation-reason').selectOption('callerRequest');
    await page.getByTestId('escalation').locator('.escalation-confirm button').click();
    await expect(page.getByTestId('next-step')).toBeVisible();
    await expect(page.getByTestId('next-step')).toHaveAttribute('data-stage', 'unanswered', { timeout: 10_000 }); // nobody is "supervisor" on this rig
    await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active', { timeout: 10_000 });

    await rig.caller.command('hangup');
    await expect(page.getByTestId('call')).toHaveCount(0);
    await expect(page.locator('#agent-status')).toHaveValue('wrapUp');
    await page.locator('#wrap-up-disposition').selectOption('resolved');
    await page.locator('#wrap-up-notes').press('Control+Enter');
    await expect(page.locator('#agent-status')).toHaveValue('available');
    await page.locator('#language-switcher').selectOption('en');
    await page.context().close(); // one workspace window per agent: the next run's page owns the media
  });
}
