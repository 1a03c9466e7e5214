// The identity checklist in the real workspace, on real calls through the rig: a baresip phone on a
// shared family number (two patients of the demo store) and one on a number on file only for a
// related person call alice's workspace through Kamailio and rtpengine; bob is her team lead; carol
// runs a supervisor's desk.
// Protected sections stay masked until two identifiers match (one of them not shown on screen and not
// given away by the call), then open for the agent's role; public facts do not verify; a proxy proves
// who they are too; mismatches and red flags recommend the privacy officer and a failure stays for the
// call (a supervisor's desk may lift it); billing needs step-up; a lead's monitoring and an
// unanswered escalation leave the caller's verification alone; the
// call's work done, its patient and search results leave the screen. In English and in Arabic.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Patient, RelatedPerson } from 'fhir/r4';
import { expect, test, type Page } from '@playwright/test';
import { ofType } from '../../electron/cache/fhir/resources';
import { Baresip, Kamailio } from '../rig/rig';
import { startApp, type AppProcess } from './app-process';
import { demoResources, fullName, phonesOf } from './demo-resources';
import { writeAccountFile } from './patient-caller';
import { ifSetUp } from '../if-set-up';

const today = new Date().toISOString().slice(0, 10);
const demo = demoResources(300, today);

// The first patient's home phone, shared with another patient of the household (a family phone).
const firstPatient = demo.patients[0]!;
const familyDigits = phonesOf(firstPatient)[0]!;
const onFamilyPhone = demo.patients.filter((r) => phonesOf(r).includes(familyDigits));
const relative = onFamilyPhone.find((p) => p.id !== firstPatient.id)!;
const patient = { name: fullName(firstPatient), mrn: firstPatient.identifier![0]!.value!, birthDate: firstPatient.birthDate! };
// A number on file for one related person only: a single-match pop through them.
const relatedOnly = (() => {
  const owners = new Map<string, (Patient | RelatedPerson)[]>();
  const people = demo.all.flatMap((r) => [...ofType<Patient>([r], 'Patient'), ...ofType<RelatedPerson>([r], 'RelatedPerson')]);
  for (const r of people) for (const d of phonesOf(r)) owners.set(d, [...(owners.get(d) ?? []), r]);
  const [digits, [rp]] = [...owners.entries()].find(([, rs]) => rs.length === 1 && rs[0]!.resourceType === 'RelatedPerson')! as [string, RelatedPerson[]];
  const of = demo.patients.find((r) => r.id === rp!.patient.reference!.split('/')[1])!;
  return { digits, name: fullName(rp!), relationship: rp!.relationship![0]!.coding![0]!.display!, patient: fullName(of) };
})();
// The first teenager (12-17) with a parent on file and a visit labelled sensitive (FHIR meta.security).
const teen = (() => {
  const age = (birthDate: string) => Math.floor((Date.parse(today) - Date.parse(birthDate)) / (365.25 * 86_400_000));
  const parentOf = (p: Patient) => demo.relatedPeople.find((x) => x.patient.reference === `Patient/${p.id}` && x.birthDate);
  const p = demo.patients.find((r) => age(r.birthDate!) >= 12 && age(r.birthDate!) < 18 && parentOf(r))!;
  const parent = parentOf(p)!;
  const sensitive = demo.encounters.find((x) => x.subject!.reference === `Patient/${p.id}` && x.meta?.security)!;
  return {
    mrn: p.identifier![0]!.value!,
    name: fullName(p),
    birthDate: p.birthDate!,
    parent: fullName(parent),
    parentBirthDate: parent.birthDate!,
    sensitiveVisit: sensitive.reasonCode![0]!.text!,
  };
})();

let kam: Kamailio;
let family: Baresip;
let relatedPhone: Baresip;
let alice: AppProcess;
let bob: AppProcess;
let carol: AppProcess;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  expect(relative, "the demo store's first patient shares their home phone with another patient").toBeTruthy();
  kam = await Kamailio.create({ rtpengine: true, extraUsers: { [familyDigits]: 'family-phone-secret', [relatedOnly.digits]: 'related-phone-secret' } });
  family = await Baresip.create(kam, familyDigits, { password: 'family-phone-secret' });
  relatedPhone = await Baresip.create(kam, relatedOnly.digits, { password: 'related-phone-secret' });
  const teamFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-team-')), 'team.json');
  fs.writeFileSync(teamFile, JSON.stringify({ name: 'Rig team', leads: ['bob'], members: [{ agent: 'alice', name: 'Alice Agent' }] }));
  alice = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent'), '--team', teamFile], 300);
  bob = await startApp(['--sip-account', writeAccountFile('bob', kam.wsUrl, 'Bob Lead'), '--team', teamFile, '--role', 'teamLead'], 10);
  // A supervisor's desk: the verification role that may lift a failed check.
  carol = await startApp(['--sip-account', writeAccountFile('carol', kam.wsUrl, 'Carol Supervisor'), '--desk-role', 'supervisor'], 300);
});

test.afterAll(async () => {
  await ifSetUp(alice, (a) => a.stop());
  await ifSetUp(bob, (b) => b.stop());
  await ifSetUp(carol, (c) => c.stop());
  await ifSetUp(family, (f) => f.dispose());
  await ifSetUp(relatedPhone, (r) => r.dispose());
  await ifSetUp(kam, (k) => k.dispose());
});

async function openWorkspace(page: Page, language: 'en' | 'ar' = 'en', app: AppProcess = alice) {
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveAttribute('class', /phone-registered/, { timeout: 15_000 });
  await page.locator('#language-switcher').selectOption(language);
  await page.locator('#agent-status').selectOption('available');
}

/** The family phone calls alice (or `user`); the agent picks `name` on the pop and answers. */
async function answerFamilyCall(page: Page, name = patient.name, user = 'alice') {
  await family.command('dial', `sip:${user}@127.0.0.1:${kam.sipPort}`);
  const pop = page.getByTestId('screen-pop');
  await expect(pop).toBeVisible();
  await expect(pop.getByRole('button')).toHaveCount(onFamilyPhone.length);
  // The pop names who may be calling, and nothing that would verify them.
  await expect(pop).not.toContainText(patient.birthDate);
  await expect(pop).not.toContainText(patient.mrn);
  await pop.getByRole('button', { name }).click();
  await expect(page.getByTestId('patient-view')).toContainText(name);
  await page.keyboard.press('Alt+KeyA');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-live', 'true');
}

async function check(page: Page, id: string, value: string, subject: 'patient' | 'caller' = 'patient') {
  const row = page.locator(`.id-row[data-identifier="${id}"][data-subject="${subject}"]`);
  await row.locator('input').fill(value);
  await row.locator('button').click();
  await expect(row).not.toHaveAttribute('data-result', 'notAsked');
}

/** The caller hangs up; the wrap-up is saved: the call's patient, check and search results leave the screen. */
async function hangUpAndWrapUp(page: Page) {
  await family.command('hangup');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await page.locator('#wrap-up-disposition').selectOption('resolved');
  await page.locator('#wrap-up-notes').press('Control+Enter');
  await expect(page.locator('#agent-status')).toHaveValue('available');
  await expect(page.getByTestId('patient-view')).toHaveCount(0);
  await expect(page.getByTestId('verification')).toHaveCount(0);
  await expect(page.locator('.match')).toHaveCount(0);
}

test('two matching identifiers, one of them not on screen, unlock what the front desk needs; billing stays masked', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openWorkspace(page);
  await answerFamilyCall(page);
  const view = page.getByTestId('patient-view');
  await expect(view.locator('[data-masked="false"]')).toHaveCount(0);
  await check(page, 'mrn', patient.mrn.toLowerCase());
  await expect(page.locator('[data-identifier="mrn"]')).toHaveAttribute('data-result', 'match');
  await check(page, 'birthDate', patient.birthDate);
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await expect(view.locator('[data-section="appointments"]')).toHaveAttribute('data-masked', 'false');
  await expect(view.locator('[data-section="demographics"]')).toContainText(patient.mrn);
  await expect(view.locator('[data-section="billing"]')).toHaveAttribute('data-masked', 'true');
  await hangUpAndWrapUp(page);
  await page.context().close();
});

test('an impostor on the family phone with public facts is refused: the name on the pop with the calling number, then with the address', async ({
  browser,
}) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openWorkspace(page);
  await answerFamilyCall(page, fullName(relative));
  await check(page, 'name', fullName(relative));
  await expect(page.locator('[data-identifier="name"]')).toHaveAttribute('data-result', 'match');
  await check(page, 'phone', familyDigits.slice(1)); // the number they are calling from
  await expect(page.locator('[data-identifier="phone"]')).toHaveAttribute('data-result', 'callerId');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
  await check(page, 'address', relative.address![0]!.text!);
  await expect(page.locator('[data-identifier="address"]')).toHaveAttribute('data-result', 'match');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
  await expect(page.getByTestId('patient-progress')).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId('patient-view').locator('[data-masked="false"]')).toHaveCount(0);
  await expect(page.getByTestId('patient-view')).not.toContainText(relative.birthDate!);
  await hangUpAndWrapUp(page);
  await page.context().close();
});

test('in Arabic: mismatches fail the check for the call, starting over does not lift it, the privacy officer is recommended', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openWorkspace(page, 'ar');
  await answerFamilyCall(page);
  await check(page, 'name', 'شخص آخر');
  await check(page, 'birthDate', '1901-01-01');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('recommend-privacy-officer')).toContainText('مسؤول الخصوصية');
  await page.keyboard.press('Alt+KeyN'); // "a new caller" on the same call
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('failed-stays')).toBeVisible();
  await expect(page.locator('#verify-override')).toHaveCount(0); // an agent's desk cannot lift it
  await expect(page.getByTestId('patient-view').locator('[data-masked="false"]')).toHaveCount(0);
  await hangUpAndWrapUp(page);
  await page.locator('#language-switcher').selectOption('en');
  await page.context().close();
});

test('someone calling for the patient who is not on file is refused, with the privacy officer recommended', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openWorkspace(page);
  await answerFamilyCall(page);
  await page.getByLabel('Someone calling for the patient? Their name').fill('Totally Unknown Person');
  await page.locator('form.who button').click();
  await expect(page.getByTestId('caller')).toContainText('Not on file as acting for this patient');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('recommend-privacy-officer')).toBeVisible();
  await expect(page.getByTestId('patient-view').locator('[data-masked="false"]')).toHaveCount(0);
  await hangUpAndWrapUp(page);
  await page.context().close();
});

test("a parent is verified as themselves too; a teenager's sensitive visit stays hidden from them", async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openWorkspace(page);
  await answerFamilyCall(page);
  // The caller asks about someone else: a search by MRN finds them, and shows neither MRN nor date of birth. With the
  // caller's record open the search is folded away: Alt+S brings it back.
  await page.keyboard.press('Alt+KeyS');
  await page.getByText('MRN', { exact: true }).click();
  await page.getByLabel('Medical record number').first().fill(teen.mrn);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('.match')).toHaveCount(1);
  await expect(page.locator('.match')).not.toContainText(teen.birthDate);
  await expect(page.locator('.match')).not.toContainText(teen.mrn);
  await page.locator('.match button').first().click();
  await expect(page.getByTestId('patient-view')).toContainText(teen.name);
  await page.getByLabel('Someone calling for the patient? Their name').fill(teen.parent);
  await page.locator('form.who button').click();
  await expect(page.getByTestId('caller')).toContainText('personal representative');
  await expect(page.getByTestId('confidential-hidden')).toBeVisible();
  // The teenager's identifiers are not enough: the parent proves who they are on their own record.
  await check(page, 'name', teen.name);
  await check(page, 'birthDate', teen.birthDate);
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
  await expect(page.getByTestId('caller-progress')).toHaveAttribute('data-passed', 'false');
  await check(page, 'birthDate', teen.parentBirthDate, 'caller');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  const history = page.getByTestId('patient-view').locator('[data-section="history"]');
  await expect(history).toHaveAttribute('data-masked', 'false');
  await expect(history).not.toContainText(teen.sensitiveVisit);

  // The teenager on the line for themselves hears about their own care.
  await page.keyboard.press('Alt+KeyN');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
  await check(page, 'name', teen.name);
  await check(page, 'birthDate', teen.birthDate);
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await expect(history).toContainText(teen.sensitiveVisit);
  await hangUpAndWrapUp(page);
  await page.context().close();
});

test("the caller's verification stays intact after a lead's monitoring ends and after an unanswered escalation", async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  const lead = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await lead.goto(bob.url);
  await expect(lead.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
  await openWorkspace(page);
  await answerFamilyCall(page);
  await check(page, 'name', patient.name);
  await check(page, 'birthDate', patient.birthDate);
  const verification = page.getByTestId('verification');
  const demographics = page.getByTestId('patient-view').locator('[data-section="demographics"]');
  await expect(verification).toHaveAttribute('data-status', 'verified');
  const row = lead.locator('[data-testid="board-row"][data-agent="alice"]');
  await expect(row.getByTestId('verification')).toHaveText('Verified');

  // The lead listens in, then leaves: the monitoring leg ends, the caller's check does not.
  await row.getByRole('button', { name: 'Listen: Alice Agent' }).click();
  await expect(lead.getByTestId('monitor-session')).toHaveAttribute('data-mode', 'listen');
  await expect(page.getByTestId('monitor-notice')).toContainText('is listening to this call');
  await lead.getByRole('button', { name: 'Leave the call' }).click();
  await expect(lead.getByTestId('monitor-session')).toHaveCount(0);
  await expect(page.getByTestId('monitor-notice')).toHaveCount(0);
  await expect(verification).toHaveAttribute('data-status', 'verified');
  await expect(demographics).toHaveAttribute('data-masked', 'false');
  await expect(demographics).toContainText(patient.mrn);
  await expect(row.getByTestId('verification')).toHaveText('Verified');

  // An escalation nobody answers: the consult leg ends, the caller's check does not.
  const escalation = page.getByTestId('escalation');
  await escalation.getByRole('button', { name: 'Supervisor' }).click();
  await escalation.getByLabel('Why').selectOption('complaint');
  await escalation.getByRole('button', { name: 'Escalate to Supervisor' }).click();
  await expect(page.getByTestId('next-step')).toBeVisible();
  await expect(page.getByTestId('call')).toHaveCount(1, { timeout: 10_000 }); // nobody answered: back with the caller
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active', { timeout: 10_000 });
  await expect(verification).toHaveAttribute('data-status', 'verified');
  await expect(demographics).toContainText(patient.mrn);
  await expect(row.getByTestId('verification')).toHaveText('Verified');

  await hangUpAndWrapUp(page);
  await lead.context().close();
  await page.context().close();
});

test('a single-match pop through a related person says whose number it is, so the agent greets the right person', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openWorkspace(page);
  await relatedPhone.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
  const pop = page.getByTestId('screen-pop');
  await expect(pop).toBeVisible();
  await expect(page.getByTestId('pop-related')).toContainText(`Number on file for ${relatedOnly.patient}'s ${relatedOnly.relationship}, ${relatedOnly.name}`);
  await expect(page.getByTestId('patient-view')).toContainText(relatedOnly.patient);
  await page.keyboard.press('Alt+KeyR');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await page.context().close();
});

test("a supervisor's desk may lift a failed check on the call, with a reason; billing opens only after step-up", async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openWorkspace(page, 'en', carol);
  await answerFamilyCall(page, patient.name, 'carol');
  await check(page, 'birthDate', '1901-01-01');
  await check(page, 'mrn', 'MRN-WRONG');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'failed');
  await page.locator('#verify-override').fill('Caller read the card wrongly; confirmed with the supervisor');
  await page.getByRole('button', { name: 'Supervisor override' }).click();
  await expect(page.getByTestId('overridden')).toBeVisible();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
  await check(page, 'mrn', patient.mrn);
  await check(page, 'birthDate', patient.birthDate);
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  const billing = page.getByTestId('patient-view').locator('[data-section="billing"]');
  await expect(billing).toHaveAttribute('data-masked', 'true');
  await page.getByTestId('step-up').getByRole('button', { name: 'Billing' }).click();
  await expect(page.getByTestId('step-up')).toContainText('Ask one more identifier before this opens.');
  await check(page, 'name', patient.name);
  await expect(page.getByTestId('step-up')).toHaveAttribute('data-passed', 'true');
  await expect(billing).toHaveAttribute('data-masked', 'false');
  await hangUpAndWrapUp(page);
  await page.context().close();
});
