// Readable at a glance and fewer steps on a real call: a real phone whose caller ID is a patient's number calls the
// workspace. The number reads the same in the call bar, the screen pop and the patient view; the language is named;
// Alt+V walks the identifiers the caller has not answered yet; a section the desk's role never sees says so.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { startPatientCallerRig, type PatientCallerRig } from './patient-caller';
import { demoResources } from './demo-resources';
import { ifSetUp } from '../if-set-up';

let rig: PatientCallerRig;
// The rig's caller: the first patient of the demo store (the same generator, seed and day).
const first = demoResources(1, new Date().toISOString().slice(0, 10)).patients[0]!;
const calling = parsePhoneNumberFromString(first.telecom![0]!.value!, 'US')!;
const national = calling.formatNational(); // "(702) 571-3605"
const language = first.communication![0]!.language.coding![0]!;

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeAll(async () => {
  rig = await startPatientCallerRig({ rtpengine: true });
});

test.afterAll(async () => ifSetUp(rig, (r) => r.dispose()));

const focusedIdentifier = (page: Page) => page.evaluate(() => document.activeElement?.closest('.id-row')?.getAttribute('data-identifier') ?? null);

test('one number format, the language by name, Alt+V to the next unanswered identifier, and why a section is hidden', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await page.goto(rig.app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
  await page.locator('#agent-status').selectOption('available');
  await rig.caller.command('dial', `sip:alice@127.0.0.1:${rig.kam.sipPort}`);
  const call = page.getByTestId('call');
  await expect(call).toHaveAttribute('data-state', 'ringing');
  // The caller ID came as digits ("1702…"); the call bar and the pop both show the desk's one format.
  await expect(call).toContainText(national);
  await expect(page.getByTestId('screen-pop')).toContainText(`Incoming call from ${national}`);
  if ((await page.getByTestId('screen-pop').locator('button').count()) > 0)
    await page.getByTestId('screen-pop').getByRole('button', { name: rig.patient.name }).click();
  const view = page.getByTestId('patient-view');
  await expect(view).toContainText(rig.patient.name);
  // The language by its name in the agent's language (the record's own display), not its code.
  await expect(view.locator('.pv-badges')).toContainText(`Speaks ${language.display!}`);
  await expect(view.locator('.pv-badges')).not.toContainText(`Speaks ${language.code!} `);
  await page.keyboard.press('Alt+KeyA');
  await expect(call).toHaveAttribute('data-state', 'active');

  // Alt+V: the first identifier not asked; again, the next one (not the same one again).
  await page.keyboard.press('Alt+KeyV');
  expect(await focusedIdentifier(page)).toBe('name');
  await page.keyboard.press('Alt+KeyV');
  expect(await focusedIdentifier(page)).toBe('birthDate');
  await page.keyboard.press('Alt+KeyV');
  expect(await focusedIdentifier(page)).toBe('address');
  // The number they call from proves nothing: the phone stays unanswered, and Alt+V goes on from it.
  await page.locator('#verify-phone').fill(calling.number);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-identifier="phone"]')).toHaveAttribute('data-result', 'callerId');
  await page.locator('#verify-phone').focus();
  await page.keyboard.press('Alt+KeyV');
  expect(await focusedIdentifier(page)).toBe('memberId');
  await page.keyboard.press('Alt+KeyV');
  expect(await focusedIdentifier(page)).toBe('name'); // round to the first
  await page.keyboard.type(rig.patient.name);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-identifier="name"]')).toHaveAttribute('data-result', 'match');
  // The answered name is passed over.
  await page.keyboard.press('Alt+KeyV');
  expect(await focusedIdentifier(page)).toBe('birthDate');
  await page.locator('#verify-birthDate').fill(rig.patient.birthDate);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');

  // Verified: the numbers on file in the same format as the call bar's; billing is the role's, not verification's.
  const demographics = view.locator('[data-section="demographics"]');
  await expect(demographics).toHaveAttribute('data-masked', 'false');
  await expect(demographics).toContainText(national);
  await expect(demographics).not.toContainText(calling.number);
  await expect(call).toContainText(national);
  const billing = view.locator('[data-section="billing"] .mask-note');
  await expect(billing).toHaveAttribute('data-hidden-because', 'role');
  await expect(billing).toHaveText('Not shown to the front desk role.');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.keyboard.press('Alt+KeyE');
  await expect(call).toHaveCount(0);
  await page.context().close();
});
