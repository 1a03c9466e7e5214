// A referral follow-up raised from the patient view, end to end: the real app (over the bridge, in a real Chromium)
// connected to the REAL test FHIR server (HAPI FHIR R4, started by the e2e global setup), a real phone on the SIP rig
// calling from a patient's number. The patient's record and their referral are on the server; the desk's first load
// brings both into its cache. The patient calls and is verified, the referrals section opens, and the agent sends the
// referral to the referrals team's worklist by keyboard with a reason: the Task is on the server, focused on the
// ServiceRequest, in the referrals pool, and the team's list shows what it is about. Then the list in Arabic.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Patient, ServiceRequest, Task } from 'fhir/r4';
import { FhirClient } from '../../electron/ehr/fhir-client';
import { waitUntilReady } from '../fhir-server/fhir-process';
import { Baresip, Kamailio } from '../rig/rig';
import { ifSetUp } from '../if-set-up';
import type { AppProcess } from './app-process';
import { e2eFhir } from './e2e-fhir';
import { rigDeskConnected, type RigDesk } from './rig-desk';
import { callAndVerify, openDesk } from './scheduling-desk';

const fhir = e2eFhir;
test.skip(!fhir.baseUrl, `no test FHIR server: ${fhir.reason}`);

/** A cold JVM on a busy 2-core machine. */
const SERVER_READY_MS = 300_000;
/** The first load: HAPI's export jobs are scheduled in steps of tens of seconds, several minutes on a loaded machine. */
const FIRST_LOAD_MS = 420_000;
/** A Task written through the desk's outbox, then on its list (read again on delivery, else every 30 s). */
const ON_THE_LIST_MS = 60_000;

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const MRN = `E2E-REF-${run}`;
const BIRTH_DATE = '1971-03-14';
/** The patient's own phone: a number no demo patient has, fresh for the run (a server kept between runs holds earlier ones). */
const DIGITS = `161755501${String(100 + Math.floor(Math.random() * 100)).slice(1)}`;
const REASON = 'The clinic has not called to book';

let client: FhirClient;
let patientId = '';
let referralId = '';
let kam: Kamailio;
let phone: Baresip;
let app: AppProcess;
let desk: RigDesk | undefined;

test.beforeAll(async () => {
  test.setTimeout(SERVER_READY_MS + 180_000);
  const base = await waitUntilReady(fhir.baseUrl!, fhir.pid, fhir.log, SERVER_READY_MS);
  client = new FhirClient({ baseUrl: base });
  const patient: Patient = {
    resourceType: 'Patient',
    identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: MRN }],
    name: [{ use: 'official', given: ['Yusuf'], family: 'Karimi' }],
    birthDate: BIRTH_DATE,
    telecom: [{ system: 'phone', value: `+${DIGITS}`, use: 'mobile' }],
  };
  patientId = (await client.createIfNoneExist(patient, `identifier=${MRN}`)).resource.id!;
  const referral: ServiceRequest = {
    resourceType: 'ServiceRequest',
    identifier: [{ system: 'urn:carefront:test:referral', value: run }],
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    code: { text: 'Referral to physiotherapy' },
    authoredOn: '2026-11-20',
  };
  referralId = (await client.createIfNoneExist(referral, `identifier=urn:carefront:test:referral|${run}`)).resource.id!;
  // A desk whose store is connected to the server with the admin CLI; the phone calls from the patient's number.
  desk = await rigDeskConnected('referral', base, DIGITS);
  ({ kam, phone, app } = desk);
});

test.afterAll(async () => {
  await ifSetUp(desk, (d) => d.stop());
});

test('a verified caller’s referral sent to the referrals team’s worklist by keyboard: on the server and on the list; the item in Arabic', async ({
  browser,
}) => {
  test.setTimeout(FIRST_LOAD_MS + 180_000);
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openDesk(page, app);
  await expect(page.getByTestId('ehr-link-status')).toContainText('Synced', { timeout: FIRST_LOAD_MS });
  await callAndVerify(page, kam, 'alice', { phone, family: 'Karimi', mrn: MRN, birthDate: BIRTH_DATE }, 'referrals');

  const referrals = page.getByTestId('patient-view').locator('[data-section="referrals"]');
  const row = referrals.locator(`[data-row-id="${referralId}"]`);
  const action = row.getByRole('button', { name: /^Follow up this referral: Referral to physiotherapy/ });
  await expect(action).toBeEnabled();
  await action.focus();
  await page.keyboard.press('Enter');
  const reason = row.getByLabel('What to follow up (optional)');
  await expect(reason).toBeFocused();
  await page.keyboard.type(REASON);
  await page.keyboard.press('Enter');
  await expect(row.getByRole('status')).toHaveText(/^Sent to the referrals team's worklist, due .+\.$/);
  const axe = await new AxeBuilder({ page }).include('[data-section="referrals"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // The team's list shows it once the outbox has delivered it: the kind, the referral and why.
  const item = page.locator(`.worklist-item:has([data-focus="ServiceRequest/${referralId}"])`);
  await expect(item).toBeVisible({ timeout: ON_THE_LIST_MS });
  await expect(item).toContainText('Referral follow-up');
  await expect(item.locator('.worklist-about')).toHaveText(`Referral ${referralId} · Reason: ${REASON}`);
  const taskId = (await item.getAttribute('data-task-id'))!;
  const task = await client.read<Task>('Task', taskId);
  expect(task.focus?.reference).toBe(`ServiceRequest/${referralId}`);
  expect(task.for?.reference).toBe(`Patient/${patientId}`);
  expect(task.meta?.tag).toContainEqual(expect.objectContaining({ system: 'urn:carefront:worklist-pool', code: 'referrals' }));
  expect(task.description).toBe(REASON);
  await item.focus();
  await expect(item).toBeFocused();
  const listAxe = await new AxeBuilder({ page }).include('.worklist').analyze();
  expect(listAxe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // In Arabic, right to left: the item says what it is about in Arabic.
  await page.locator('#language-switcher').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(item.locator('.worklist-about')).toContainText('إحالة');
  await expect(item).toContainText('متابعة إحالة');
  const arabicAxe = await new AxeBuilder({ page }).include('.worklist').analyze();
  expect(arabicAxe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.locator('#language-switcher').selectOption('en');
  await phone.command('hangup');
});
