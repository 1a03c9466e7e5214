// The screen pop: a real phone whose caller ID is a patient's number on file calls the workspace;
// before the agent answers, the patient pane shows who it is (looked up in the encrypted store),
// with the protected sections masked.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { startPatientCallerRig, type PatientCallerRig } from './patient-caller';
import { ifSetUp } from '../if-set-up';

let rig: PatientCallerRig;

test.beforeAll(async () => {
  rig = await startPatientCallerRig({ rtpengine: false });
});

test.afterAll(async () => ifSetUp(rig, (r) => r.dispose()));

test('an incoming call pops the caller from the encrypted store before the agent answers', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await page.goto(rig.app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
  await rig.caller.command('dial', `sip:alice@127.0.0.1:${rig.kam.sipPort}`);
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  const pop = page.getByTestId('screen-pop');
  // The caller ID in the desk's national format, as everywhere else on the screen.
  await expect(pop).toContainText(/Incoming call from \(\d{3}\) \d{3}-\d{4}/);
  await expect(pop).toContainText(/have this number|has this number/);
  // The patient (or, for a family phone, the choice) is there while the phone still rings.
  if ((await pop.locator('button').count()) > 0) await pop.getByRole('button', { name: rig.patient.name }).click();
  await expect(page.getByTestId('patient-view')).toContainText(rig.patient.name);
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await expect(page.getByTestId('patient-view').locator('[data-masked="false"]')).toHaveCount(0);
  // The ringing call bar, the pop and the patient view are accessible too.
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(pop).toHaveCount(0);
});
