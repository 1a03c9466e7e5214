// A whole call with the keyboard only: answer, the identity check, red flags, an escalation, hold,
// the shortcut list, hang up and wrap-up — every step by its shortcut from the one table, matched by
// physical key so it works under any keyboard layout.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { startPatientCallerRig, type PatientCallerRig } from './patient-caller';
import { ifSetUp } from '../if-set-up';

let rig: PatientCallerRig;

test.beforeAll(async () => {
  rig = await startPatientCallerRig({ rtpengine: true });
});

test.afterAll(async () => ifSetUp(rig, (r) => r.dispose()));

test('a call from ring to wrap-up with the keyboard only', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await page.goto(rig.app.url);
  await expect(page.getByTestId('phone-state')).toHaveAttribute('class', /phone-registered/, { timeout: 15_000 });
  await page.locator('#agent-status').selectOption('available');

  await rig.caller.command('dial', `sip:alice@127.0.0.1:${rig.kam.sipPort}`);
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await expect(page.getByTestId('screen-pop')).toBeVisible(); // matches arrive with the pop, in one render
  if ((await page.getByTestId('screen-pop').locator('button').count()) > 0)
    await page.getByTestId('screen-pop').getByRole('button', { name: rig.patient.name }).click();
  await expect(page.getByTestId('patient-view')).toContainText(rig.patient.name);
  await page.keyboard.press('Alt+KeyA');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');

  // Alt+V: straight to the next identifier not asked yet; Enter checks it.
  await page.keyboard.press('Alt+KeyV');
  await expect(page.locator('#verify-name')).toBeFocused();
  await page.keyboard.type(rig.patient.name);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-identifier="name"]')).toHaveAttribute('data-result', 'match');
  await page.keyboard.press('Alt+KeyV');
  await expect(page.locator('#verify-birthDate')).toBeFocused();
  await page.locator('#verify-birthDate').fill(rig.patient.birthDate);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');

  // Alt+F: the red flags; Space ticks the first one, and the privacy officer is recommended.
  await page.keyboard.press('Alt+KeyF');
  await expect(page.locator('.red-flags input').first()).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('recommend-privacy-officer')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('recommend-privacy-officer')).toHaveCount(0);

  // Alt+N: a new caller on the line starts the identity check over.
  await page.keyboard.press('Alt+KeyN');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
  await expect(page.locator('[data-identifier="name"]')).toHaveAttribute('data-result', 'notAsked');

  // Alt+K: the list of shortcuts, accessible, closed with Escape.
  await page.keyboard.press('Alt+KeyK');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Alt+2');
  await expect(help).toContainText('Escalate: Nurse triage');
  const axe = await new AxeBuilder({ page }).include('[data-testid="shortcut-help"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Alt+H holds and resumes.
  await page.keyboard.press('Alt+KeyH');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'held');
  await page.keyboard.press('Alt+KeyH');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');

  // Alt+2: nurse triage chosen, focus on why; pick with the keyboard, Tab to the notes for the colleague (a patient is
  // open: they travel with the hand-off), type them, Tab to confirm, Enter.
  await page.keyboard.press('Alt+Digit2');
  await expect(page.locator('#escalation-reason')).toBeFocused();
  await page.locator('#escalation-reason').selectOption('clinicalQuestion');
  await page.keyboard.press('Tab');
  await expect(page.locator('#escalation-notes')).toBeFocused();
  await page.keyboard.type('Dizzy since this morning.');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('escalation').locator('.escalation-confirm button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('next-step')).toBeVisible();
  await expect(page.getByTestId('next-step')).toHaveAttribute('data-stage', 'unanswered', { timeout: 10_000 }); // no nurse on this rig
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active', { timeout: 10_000 });

  // Alt+E ends the call; the wrap-up is saved with Ctrl+Enter.
  await page.keyboard.press('Alt+KeyE');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await expect(page.locator('#agent-status')).toHaveValue('wrapUp');
  await page.locator('#wrap-up-disposition').selectOption('resolved');
  await page.locator('#wrap-up-notes').press('Control+Enter');
  await expect(page.locator('#agent-status')).toHaveValue('available');
  // The call's work is over: its patient and its check leave the screen.
  await expect(page.getByTestId('patient-view')).toHaveCount(0);
  await expect(page.getByTestId('verification')).toHaveCount(0);
  await page.context().close();
});
