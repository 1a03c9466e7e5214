// How many steps three common calls take, by keyboard only, on a real call at 1280×800 against the real test FHIR
// server (the desk connected by the admin CLI, the patient and their next appointment on the server):
// 1. verify the caller and tell them their next appointment;
// 2. verify and move the next appointment to the next available time;
// 3. take a message for a callback (the wrap-up promises one; the desk writes the callback Task).
// Each call runs from the ring to the saved wrap-up with no mouse; the counts go to test-results/call-steps.json.
// What it asserts is that each call's work was done (verified, read, moved on the server, the callback written).
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { Appointment, Patient, Task } from 'fhir/r4';
import { FhirClient } from '../../electron/ehr/fhir-client';
import { ScheduleBook } from '../../electron/scheduling/schedule-book';
import { waitUntilReady } from '../fhir-server/fhir-process';
import { retireSchedule, seedSchedule, type SeededSchedule } from '../integration/ehr/schedule-seed';
import type { Baresip, Kamailio } from '../rig/rig';
import { ifSetUp } from '../if-set-up';
import type { AppProcess } from './app-process';
import { e2eFhir } from './e2e-fhir';
import { rigDeskConnected, type RigDesk } from './rig-desk';
import { openDesk } from './scheduling-desk';
import { CallSteps, recordSteps } from './call-steps';

const fhir = e2eFhir;
test.skip(!fhir.baseUrl, `no test FHIR server: ${fhir.reason}`);

const SERVER_READY_MS = 300_000;
const FIRST_LOAD_MS = 420_000;
const SIZE = { width: 1280, height: 800 };

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const MRN = `E2E-STEPS-${run}`;
/** As the caller says it, and as the date field takes it (month, day, year). */
const BIRTH_DATE = '1971-04-12';
const BIRTH_DATE_TYPED = '04121971';
const DIGITS = '16175550193';
const caller: Patient = {
  resourceType: 'Patient',
  identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: MRN }],
  name: [{ use: 'official', given: ['Tomasz'], family: 'Wrobel' }],
  birthDate: BIRTH_DATE,
  telecom: [{ system: 'phone', value: '+1 617 555 0193', use: 'mobile' }],
};

let client: FhirClient;
let patientId = '';
let seeded: SeededSchedule | undefined;
let kam: Kamailio;
let phone: Baresip;
let app: AppProcess;
let desk: RigDesk | undefined;

test.beforeAll(async () => {
  test.setTimeout(SERVER_READY_MS + 180_000);
  const base = await waitUntilReady(fhir.baseUrl!, fhir.pid, fhir.log, SERVER_READY_MS);
  client = new FhirClient({ baseUrl: base });
  seeded = await seedSchedule(client, 6);
  patientId = (await client.createIfNoneExist(caller, `identifier=${MRN}`)).resource.id!;
  const book = new ScheduleBook(client);
  const [first] = (await book.findSlots({ practitionerId: seeded.practitionerId, from: seeded.from, to: seeded.to, limit: 1 })).slots;
  expect((await book.book({ clientId: randomUUID(), patientId, slotId: first!.id, slotVersion: first!.version, reason: 'follow-up' })).ok).toBe(true);
  desk = await rigDeskConnected('steps', base, DIGITS);
  ({ kam, phone, app } = desk);
});

test.afterAll(async () => {
  // Its free times leave the shared server with it (see retireSchedule).
  await ifSetUp(seeded, (s) => retireSchedule(client, s));
  await ifSetUp(desk, (d) => d.stop());
});

/** The caller rings; the agent answers with the keyboard (the pop opens the one patient with this number). */
async function ringAndAnswer(page: Page, steps: CallSteps): Promise<void> {
  await phone.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await expect(page.getByTestId('patient-view')).toContainText('Wrobel');
  await steps.press('Alt+A');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');
}

/** The two identifiers the caller gives (MRN, date of birth), checked by keyboard: the caller is verified. */
async function verify(page: Page, steps: CallSteps): Promise<void> {
  await steps.press('Alt+V');
  await steps.tabTo(page.locator('#verify-mrn'));
  await steps.type(MRN);
  await steps.press('Enter');
  await expect(page.locator('[data-identifier="mrn"]')).toHaveAttribute('data-result', 'match');
  await steps.press('Alt+V');
  await steps.tabTo(page.locator('#verify-birthDate'));
  await steps.type(BIRTH_DATE_TYPED);
  await steps.press('Enter');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
}

/** The caller hangs up; the wrap-up is chosen by typing the outcome's first letters in the list, saved with Ctrl+Enter. */
async function wrapUp(page: Page, steps: CallSteps, outcome: string, extra?: () => Promise<void>): Promise<void> {
  await phone.command('hangup');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await steps.tabTo(page.locator('#wrap-up-disposition'));
  await steps.type(outcome);
  await extra?.();
  await steps.press('Control+Enter');
  await expect(page.locator('#agent-status')).toHaveValue('available');
}

test('three common calls, counted: verify and tell the next appointment; reschedule; take a message for a callback', async ({ browser }) => {
  test.setTimeout(FIRST_LOAD_MS + 240_000);
  const page = await (await browser.newContext({ permissions: ['microphone'], viewport: SIZE })).newPage();
  await openDesk(page, app);
  await expect(page.getByTestId('ehr-link-status')).toContainText('Synced', { timeout: FIRST_LOAD_MS });
  const size = `${SIZE.width}x${SIZE.height}`;

  // 1. Verify, and tell the caller their next appointment.
  const tell = new CallSteps(page);
  await ringAndAnswer(page, tell);
  await verify(page, tell);
  const next = page.getByTestId('scheduling').locator('.schedule-appointment').first();
  await tell.read(next);
  await expect(next).toContainText('Amara Lindqvist');
  await wrapUp(page, tell, 'Resolved');
  recordSteps('verify and tell the next appointment', size, tell);

  // 2. Verify, and move the next appointment to the next available time.
  const move = new CallSteps(page);
  const [before] = (await client.search<Appointment>('Appointment', { patient: `Patient/${patientId}`, status: 'booked' }, { maxPages: 1 })).resources;
  await ringAndAnswer(page, move);
  await verify(page, move);
  const panel = page.getByTestId('scheduling');
  // Once the agent sees the next appointment (the section opens with the verification), Alt+T: another time for it;
  // the free times come with the next available focused.
  await expect(panel.locator('.schedule-appointment .schedule-actions').first()).toBeVisible();
  await move.press('Alt+T');
  await expect(panel.getByTestId('schedule-announcement').getByRole('status')).toHaveText(/^The next available is /, { timeout: 15_000 });
  await expect(panel.locator('.slot').first()).toBeFocused();
  await move.press('Enter');
  await expect(panel.getByTestId('slot-confirm-button')).toBeFocused();
  await move.press('Enter');
  await expect(panel.getByTestId('schedule-announcement').getByRole('status')).toHaveText(/^Moved to .+\.$/);
  await wrapUp(page, move, 'Appointment r');
  recordSteps('reschedule', size, move);
  expect((await client.read<Appointment>('Appointment', before!.id!)).status).toBe('cancelled');

  // 3. A message for a callback: the caller asks to be called back tomorrow at ten; no record is opened for it.
  const message = new CallSteps(page);
  const since = new Date().toISOString();
  await ringAndAnswer(page, message);
  const tomorrow = new Date(Date.now() + 86_400_000);
  const mm = String(tomorrow.getMonth() + 1).padStart(2, '0');
  const dd = String(tomorrow.getDate()).padStart(2, '0');
  await wrapUp(page, message, 'Follow', async () => {
    await message.tabTo(page.locator('#wrap-up-notes'));
    await message.type('Wants a call back about test results.');
    await message.tabTo(page.locator('#wrap-up-follow-up'));
    await message.type(`${mm}${dd}${tomorrow.getFullYear()}`);
    await message.press('Tab');
    await message.type('1000A');
    await expect(page.locator('#wrap-up-follow-up')).toHaveValue(new RegExp(`^${tomorrow.getFullYear()}-${mm}-${dd}T10:00$`));
  });
  recordSteps('take a message for a callback', size, message);
  await expect
    .poll(
      async () =>
        (
          await client.search<Task>('Task', { _tag: 'urn:carefront:worklist-pool|callbacks', _lastUpdated: `ge${since}`, _count: 100 }, { maxPages: 1 })
        ).resources.filter((t) => t.reasonCode?.coding?.[0]?.code === 'promised' && t.for?.display === 'Tomasz Wrobel').length,
      { timeout: 30_000 },
    )
    .toBe(1);

  expect(tell.count.clicks + move.count.clicks + message.count.clicks).toBe(0);
});
