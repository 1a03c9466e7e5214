// Scheduling end to end: the real app (over the bridge, in a real Chromium) connected to the REAL test FHIR server
// (HAPI FHIR R4, started by the e2e global setup), a real phone on the SIP rig calling from a patient's number. The
// patient's record, their clinic's schedule and their next appointment are on the server; the desk's first load
// brings the record and the appointment into its cache. The patient calls, is verified, and the agent moves their
// next appointment to the next available slot, offered the way agents say it, with the visit's instructions to
// read out; the change is read back from the server. Then the same in Arabic, right to left.
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Appointment, Patient } from 'fhir/r4';
import { FhirClient } from '../../electron/ehr/fhir-client';
import { ScheduleBook } from '../../electron/scheduling/schedule-book';
import { waitUntilReady } from '../fhir-server/fhir-process';
import { seedSchedule, type SeededSchedule } from '../integration/ehr/schedule-seed';
import { Baresip, Kamailio } from '../rig/rig';
import { ifSetUp } from '../if-set-up';
import type { AppProcess } from './app-process';
import { e2eFhir } from './e2e-fhir';
import { rigDeskConnected, type RigDesk } from './rig-desk';
import { callAndVerify, hangUpAndWrapUp, openDesk, type SchedulingCaller } from './scheduling-desk';

const fhir = e2eFhir;
test.skip(!fhir.baseUrl, `no test FHIR server: ${fhir.reason}`);

/** A cold JVM on a busy 2-core machine. */
const SERVER_READY_MS = 300_000;
/** The first load: HAPI's export jobs are scheduled in steps of tens of seconds, several minutes on a loaded machine. */
const FIRST_LOAD_MS = 420_000;

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const MRN = `E2E-SCHED-${run}`;
const BIRTH_DATE = '1968-09-23';
/** The patient's own phone: a number no demo patient has. */
const DIGITS = '16175550187';
const caller: Patient = {
  resourceType: 'Patient',
  identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: MRN }],
  name: [{ use: 'official', given: ['Mariam'], family: 'Haddad' }],
  birthDate: BIRTH_DATE,
  telecom: [{ system: 'phone', value: '+1 617 555 0187', use: 'mobile' }],
};

let client: FhirClient;
let seeded: SeededSchedule;
let patientId = '';
let kam: Kamailio;
let phone: Baresip;
let app: AppProcess;
let desk: RigDesk | undefined;

/** The patient's appointments on the server, booked ones by start. */
async function bookedOnServer(): Promise<Appointment[]> {
  const found = await client.search<Appointment>(
    'Appointment',
    { patient: `Patient/${patientId}`, status: 'booked', _sort: 'date' },
    { maxPages: 1, maxResources: 20 },
  );
  return found.resources;
}

test.beforeAll(async () => {
  test.setTimeout(SERVER_READY_MS + 180_000);
  const base = await waitUntilReady(fhir.baseUrl!, fhir.pid, fhir.log, SERVER_READY_MS);
  client = new FhirClient({ baseUrl: base });
  // The clinic's schedule (free slots from tomorrow), the patient, and their next appointment in the first slot.
  seeded = await seedSchedule(client, 6);
  patientId = (await client.createIfNoneExist(caller, `identifier=${MRN}`)).resource.id!;
  const book = new ScheduleBook(client);
  const [first] = (await book.findSlots({ practitionerId: seeded.practitionerId, from: seeded.from, to: seeded.to, limit: 1 })).slots;
  const booked = await book.book({ clientId: randomUUID(), patientId, slotId: first!.id, slotVersion: first!.version, reason: 'follow-up' });
  expect(booked.ok).toBe(true);
  // A desk whose store is connected to the server with the admin CLI; the phone calls from the patient's number.
  desk = await rigDeskConnected('sched', base, DIGITS);
  ({ kam, phone, app } = desk);
});

test.afterAll(async () => {
  await ifSetUp(desk, (d) => d.stop());
});

/** Moves the patient's next appointment to the next available slot, by keyboard; returns the slot's id. */
async function moveNextAppointment(page: Page, offer: RegExp, moved: RegExp, screenshot?: string): Promise<string> {
  const panel = page.getByTestId('scheduling');
  // The next appointment that can still be moved (one moved before stays listed, cancelled).
  const next = panel.locator('.schedule-appointment:has(.schedule-actions)').first();
  await next.locator('.schedule-actions button').first().focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('schedule-moving')).toBeVisible();
  // Moving searches at once with the defaults (from now, 30 days): the next available is offered first, and focused.
  const announcement = panel.getByTestId('schedule-announcement').getByRole('status');
  await expect(announcement).toHaveText(offer);
  const first = panel.locator('.slot').first();
  await expect(first).toBeFocused();
  const slotId = (await first.getAttribute('data-slot-id'))!;
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('slot-confirm').getByTestId('slot-instructions')).toContainText('Arrive 15 minutes early');
  // `CAREFRONT_SCREENSHOTS=1` refreshes the README's picture of the scheduling panel: the offer and what to read out.
  if (screenshot && process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: screenshot, fullPage: true });
  await panel.getByTestId('slot-confirm-button').focus();
  await page.keyboard.press('Enter');
  await expect(announcement).toHaveText(moved);
  return slotId;
}

test('a verified caller’s next appointment moved to the next available slot, on the server; then in Arabic', async ({ browser }) => {
  test.setTimeout(FIRST_LOAD_MS + 180_000);
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openDesk(page, app);
  // The first load brings the patient and their appointment into the cache.
  await expect(page.getByTestId('ehr-link-status')).toContainText('Synced', { timeout: FIRST_LOAD_MS });
  const mariam: SchedulingCaller = { phone, family: 'Haddad', mrn: MRN, birthDate: BIRTH_DATE };

  const [before] = await bookedOnServer();
  await callAndVerify(page, kam, 'alice', mariam);
  const slot1 = await moveNextAppointment(
    page,
    /^The next available is .+ with Dr\. Amara Lindqvist at Northside Family Clinic\.$/,
    /^Moved to .+\.$/,
    'docs/screenshot-scheduling.png',
  );
  expect(slot1).toBe(seeded.slotIds[1]);
  // On the server: the old appointment cancelled, the new one booked in the next available slot.
  const oldNow = await client.read<Appointment>('Appointment', before!.id!);
  expect(oldNow.status).toBe('cancelled');
  const [after] = await bookedOnServer();
  expect(after!.slot).toEqual([{ reference: `Slot/${seeded.slotIds[1]}` }]);
  // The view shows it at once (from the server's answer, not the next sync).
  await expect(page.getByTestId('scheduling').locator(`[data-appointment-id="${after!.id}"]`)).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('[data-testid="scheduling"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await hangUpAndWrapUp(page, phone);

  // In Arabic, right to left: the slot freed by the move is the next available again.
  await page.locator('#language-switcher').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await callAndVerify(page, kam, 'alice', mariam);
  const slot0 = await moveNextAppointment(page, /^أقرب موعد متاح هو .+ مع Dr\. Amara Lindqvist في Northside Family Clinic\.$/, /^تم النقل إلى .+\.$/);
  expect(slot0).toBe(seeded.slotIds[0]);
  const arabicAxe = await new AxeBuilder({ page }).include('[data-testid="scheduling"]').analyze();
  expect(arabicAxe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect((await client.read<Appointment>('Appointment', after!.id!)).status).toBe('cancelled');
  const [arabic] = await bookedOnServer();
  expect(arabic!.slot).toEqual([{ reference: `Slot/${seeded.slotIds[0]}` }]);
  await hangUpAndWrapUp(page, phone);
  await page.locator('#language-switcher').selectOption('en');
});
