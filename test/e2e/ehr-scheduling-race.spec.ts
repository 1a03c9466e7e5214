// No double booking, end to end: two desks (two app processes, each in its own Chromium page) connected to the REAL
// test FHIR server (HAPI FHIR R4, started by the e2e global setup), each with a patient on the phone (the SIP rig)
// verified. Both search, are offered the same next available slot and press Book at the same moment. The server
// takes one booking (If-Match on the slot's version, in one transaction); the other desk is told at once that the
// time was just taken and is offered the next free one, which it then books. Read back from the server: each slot
// busy and held by exactly one appointment.
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { Appointment, Patient, Slot } from 'fhir/r4';
import { FhirClient } from '../../electron/ehr/fhir-client';
import { waitUntilReady } from '../fhir-server/fhir-process';
import { seedSchedule, type SeededSchedule } from '../integration/ehr/schedule-seed';
import { ifSetUp } from '../if-set-up';
import { Baresip, Kamailio } from '../rig/rig';
import { startApp, type AppProcess } from './app-process';
import { connectedDataDir, e2eFhir as fhir } from './e2e-fhir';
import { writeAccountFile } from './patient-caller';
import { callAndVerify, hangUpAndWrapUp, openDesk, searchFreeTimes, type SchedulingCaller } from './scheduling-desk';

test.skip(!fhir.baseUrl, `no test FHIR server: ${fhir.reason}`);

/** A cold JVM on a busy 2-core machine. */
const SERVER_READY_MS = 300_000;
const PHONE_SECRET = 'race-patient-secret';
const TEST_SYSTEM = 'urn:test:e2e-scheduling-race';
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
/** Phone lines no other spec's patient has (the desks' first load brings every patient on the server). */
const line = 2000 + Math.floor(Math.random() * 7000);

const DR = 'Dr\\. Amara Lindqvist at Northside Family Clinic';
const OFFER = new RegExp(`^The next available is (.+) with ${DR}\\.$`);
const TAKEN = new RegExp(`^That time was just taken by another desk\\. The next available is (.+) with ${DR}\\.$`);

interface Desk {
  user: 'alice' | 'bob';
  patient: Patient & { id: string };
  caller: SchedulingCaller;
  app: AppProcess;
  page: Page;
}

const patientOnServer = (given: string, phoneLine: number, birthDate: string): Patient => ({
  resourceType: 'Patient',
  identifier: [
    { system: TEST_SYSTEM, type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: `E2E-RACE-${given}-${run}` },
  ],
  name: [{ use: 'official', given: [given], family: 'Nakamura' }],
  birthDate,
  telecom: [{ system: 'phone', value: `+1 617 555 ${phoneLine}`, use: 'mobile' }],
});

let client: FhirClient;
let seeded: SeededSchedule;
let kam: Kamailio;
const phones: Baresip[] = [];
const apps: AppProcess[] = [];
const dataDirs: string[] = [];
const desks: Omit<Desk, 'page'>[] = [];

test.beforeAll(async () => {
  test.setTimeout(SERVER_READY_MS + 180_000);
  const base = await waitUntilReady(fhir.baseUrl!, fhir.pid, fhir.log, SERVER_READY_MS);
  client = new FhirClient({ baseUrl: base });
  // One clinic schedule with two free slots: the one both desks are offered, and the next.
  seeded = await seedSchedule(client, 2);
  const people = [
    { user: 'alice', given: 'Hana', phoneLine: line, birthDate: '1974-02-11' },
    { user: 'bob', given: 'Kenji', phoneLine: line + 1, birthDate: '1969-10-30' },
  ] as const;
  const digits = people.map((p) => `1617555${p.phoneLine}`);
  kam = await Kamailio.create({ rtpengine: true, extraUsers: Object.fromEntries(digits.map((d) => [d, PHONE_SECRET])) });
  for (const [i, p] of people.entries()) {
    const onServer = patientOnServer(p.given, p.phoneLine, p.birthDate);
    const mrn = onServer.identifier![0]!.value!;
    const patient = (await client.createIfNoneExist(onServer, `identifier=${TEST_SYSTEM}|${mrn}`)).resource as Patient & { id: string };
    const phone = await Baresip.create(kam, digits[i]!, { password: PHONE_SECRET });
    phones.push(phone);
    // The desk connected to the server, its patient in the cache as a sync leaves it.
    const dataDir = connectedDataDir(`race-${p.user}`, base, [patient]);
    dataDirs.push(dataDir);
    const app = await startApp(['--sip-account', writeAccountFile(p.user, kam.wsUrl)], 1, dataDir);
    apps.push(app);
    desks.push({ user: p.user, patient, app, caller: { phone, family: 'Nakamura', mrn, birthDate: p.birthDate } });
  }
});

test.afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const phone of phones) await phone.dispose();
  await ifSetUp(kam, (k) => k.dispose());
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every appointment on the server that holds the slot, whatever its status. */
async function appointmentsHolding(slotId: string): Promise<Appointment[]> {
  return (await client.search<Appointment>('Appointment', { slot: `Slot/${slotId}` }, { maxPages: 1, maxResources: 10 })).resources;
}

const patientOf = (a: Appointment | undefined): string | undefined => a?.participant.find((p) => p.actor?.reference?.startsWith('Patient/'))?.actor?.reference;

/** The slot on the server: busy, and held by exactly one appointment, the patient's. */
async function heldOnlyBy(slotId: string, patientId: string) {
  expect((await client.read<Slot>('Slot', slotId)).status).toBe('busy');
  const holding = await appointmentsHolding(slotId);
  expect(holding).toHaveLength(1);
  expect(holding[0]!.status).toBe('booked');
  expect(patientOf(holding[0])).toBe(`Patient/${patientId}`);
}

test('two desks book the same free slot at the same moment: one gets it, the other is told at once and books the next', async ({ browser }) => {
  test.setTimeout(180_000);
  const opened: Desk[] = [];
  for (const desk of desks) {
    const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
    await openDesk(page, desk.app);
    await callAndVerify(page, kam, desk.user, desk.caller);
    opened.push({ ...desk, page });
  }

  // Both search: the same next available slot is offered, the same way, at both desks.
  const offered: string[] = [];
  for (const { page } of opened) {
    await searchFreeTimes(page, OFFER);
    const first = page.getByTestId('scheduling').locator('.slot').first();
    await expect(first).toHaveAttribute('data-slot-id', seeded.slotIds[0]!);
    offered.push((await page.getByTestId('schedule-announcement').getByRole('status').textContent())!);
    await first.click();
    await expect(page.getByTestId('slot-confirm-button')).toBeEnabled();
  }
  expect(offered[1]).toBe(offered[0]);

  // Book, at both desks at once.
  await Promise.all(opened.map(({ page }) => page.getByTestId('slot-confirm-button').click()));
  const outcomes = await Promise.all(
    opened.map(async ({ page }) => {
      const announcement = page.getByTestId('schedule-announcement');
      await expect(announcement).toHaveAttribute('data-outcome', /^(booked|slotTaken)$/);
      return announcement.getAttribute('data-outcome');
    }),
  );
  expect([...outcomes].sort()).toEqual(['booked', 'slotTaken']);
  const winner = opened[outcomes.indexOf('booked')]!;
  const loser = opened[outcomes.indexOf('slotTaken')]!;
  const firstWhen = OFFER.exec(offered[0]!)![1]!;

  // The winner: booked for the time offered.
  await expect(winner.page.getByTestId('schedule-announcement').getByRole('status')).toHaveText(`Booked for ${firstWhen}.`);
  // The loser: told the time was just taken, and offered another one, the schedule's next free slot, with one action.
  const lost = loser.page.getByTestId('schedule-announcement');
  await expect(lost.getByRole('status')).toHaveText(TAKEN);
  const nextWhen = TAKEN.exec((await lost.getByRole('status').textContent())!)![1]!;
  expect(nextWhen).not.toBe(firstWhen);
  const takeNext = lost.getByTestId('schedule-take-next');
  await expect(takeNext).toHaveAttribute('data-slot-id', seeded.slotIds[1]!);
  await expect(takeNext).toHaveText(`Book the next one: ${nextWhen}`);
  await expect(lost.getByTestId('slot-instructions')).toContainText('Arrive 15 minutes early');
  const axe = await new AxeBuilder({ page: loser.page }).include('[data-testid="scheduling"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // On the server: the slot is busy and exactly one appointment holds it, the winner's patient's.
  await heldOnlyBy(seeded.slotIds[0]!, winner.patient.id);

  // The loser takes the next one: booked, and on the server that slot is theirs alone.
  await takeNext.focus();
  await loser.page.keyboard.press('Enter');
  await expect(lost.getByRole('status')).toHaveText(`Booked for ${nextWhen}.`);
  await expect(lost).toHaveAttribute('data-outcome', 'booked');
  await heldOnlyBy(seeded.slotIds[1]!, loser.patient.id);
  await heldOnlyBy(seeded.slotIds[0]!, winner.patient.id);

  for (const desk of opened) await hangUpAndWrapUp(desk.page, desk.caller.phone);
});
