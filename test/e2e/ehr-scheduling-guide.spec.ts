// The booking guide end to end on a real call: the real app (over the bridge, in a real Chromium) connected to the
// REAL test FHIR server (HAPI FHIR R4, started by the e2e global setup), a real phone on the SIP rig calling from the
// patient's number. The agent picks "Book an appointment", follows the guide (its verify button goes to the identity
// check, its book button to the free-time search), books the next available slot through it, finishes the guide and
// wraps up; the wrap-up written to the server carries the reason and the path walked. Then in Arabic, right to left:
// a complaint's guide, walked by keyboard, axe-clean, saved unfinished.
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Appointment, Communication, Extension, Patient } from 'fhir/r4';
import { FhirClient } from '../../electron/ehr/fhir-client';
import { waitUntilReady } from '../fhir-server/fhir-process';
import { retireSchedule, seedSchedule, type SeededSchedule } from '../integration/ehr/schedule-seed';
import { ifSetUp } from '../if-set-up';
import { Baresip, Kamailio } from '../rig/rig';
import { startApp, type AppProcess } from './app-process';
import { connectedDataDir, e2eFhir as fhir } from './e2e-fhir';
import { writeAccountFile } from './patient-caller';
import { callAndAnswer, hangUpAndWrapUp, openDesk, searchFreeTimes, verifyCaller, type SchedulingCaller } from './scheduling-desk';

test.skip(!fhir.baseUrl, `no test FHIR server: ${fhir.reason}`);

/** A cold JVM on a busy 2-core machine. */
const SERVER_READY_MS = 300_000;
/** The outbox's retries on a loaded machine: the wrap-up reaches the server within this. */
const WRITE_BACK_MS = 60_000;
const PHONE_SECRET = 'guide-patient-secret';
const TEST_SYSTEM = 'urn:test:e2e-scheduling-guide';
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
/** The patient's own phone line: one no demo patient or other spec uses. */
const line = 2000 + Math.floor(Math.random() * 7000);
const MRN = `E2E-GUIDE-${run}`;
const BIRTH_DATE = '1981-06-14';

let client: FhirClient;
let seeded: SeededSchedule;
let kam: Kamailio;
let phone: Baresip;
let app: AppProcess;
let dataDir = '';
let patient: Patient & { id: string };

test.beforeAll(async () => {
  test.setTimeout(SERVER_READY_MS + 180_000);
  const base = await waitUntilReady(fhir.baseUrl!, fhir.pid, fhir.log, SERVER_READY_MS);
  client = new FhirClient({ baseUrl: base });
  seeded = await seedSchedule(client, 3);
  const onServer: Patient = {
    resourceType: 'Patient',
    identifier: [{ system: TEST_SYSTEM, type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: MRN }],
    name: [{ use: 'official', given: ['Leila'], family: 'Mansour' }],
    birthDate: BIRTH_DATE,
    telecom: [{ system: 'phone', value: `+1 617 555 ${line}`, use: 'mobile' }],
  };
  patient = (await client.createIfNoneExist(onServer, `identifier=${TEST_SYSTEM}|${MRN}`)).resource as Patient & { id: string };
  const digits = `1617555${line}`;
  kam = await Kamailio.create({ rtpengine: true, extraUsers: { [digits]: PHONE_SECRET } });
  phone = await Baresip.create(kam, digits, { password: PHONE_SECRET });
  // The desk connected to the server, the patient in its cache as a sync leaves it.
  dataDir = connectedDataDir('guide', base, [patient]);
  app = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl)], 1, dataDir);
});

test.afterAll(async () => {
  // Its free times leave the shared server with it (see retireSchedule).
  await ifSetUp(seeded, (s) => retireSchedule(client, s));
  await ifSetUp(app, (a) => a.stop());
  await ifSetUp(phone, (p) => p.dispose());
  await ifSetUp(kam, (k) => k.dispose());
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The fields of the wrap-up's extension `url` on a Communication, by name. */
function fieldsOf(c: Communication, url: string): Record<string, unknown> {
  const ext = c.extension?.find((e) => e.url === url);
  return Object.fromEntries((ext?.extension ?? []).map((f: Extension) => [f.url, f.valueCode ?? f.valueString ?? f.valueBoolean]));
}

/** The patient's wrap-ups on the server that carry a guide, read until `count` are there. */
async function guidedWrapUps(count: number): Promise<Communication[]> {
  let found: Communication[] = [];
  await expect
    .poll(
      async () => {
        const r = await client.search<Communication>('Communication', { subject: `Patient/${patient.id}` }, { maxPages: 1, maxResources: 20 });
        found = r.resources.filter((c) => c.extension?.some((e) => e.url === 'urn:carefront:call-guide'));
        return found.length;
      },
      { timeout: WRITE_BACK_MS },
    )
    .toBe(count);
  return found;
}

const guide = (page: Page) => page.getByTestId('guide');

test('the booking guide walked to the end on a real call, booking through its step; the wrap-up on the server carries its path; then a complaint in Arabic', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await openDesk(page, app);
  const leila: SchedulingCaller = { phone, family: 'Mansour', mrn: MRN, birthDate: BIRTH_DATE };
  await callAndAnswer(page, kam, 'alice', leila);

  // The reason opens its guide at the first step.
  await page.locator('#call-reason').selectOption('booking');
  await expect(guide(page)).toHaveAttribute('data-step', 'greet');
  await expect(guide(page).getByRole('heading')).toHaveText('Guide: Booking an appointment');
  await guide(page).getByRole('button', { name: 'Next' }).click();

  // Its verify button goes to the first identifier to ask for.
  await expect(guide(page)).toHaveAttribute('data-step', 'verify');
  await guide(page).locator('[data-action="verify"]').click();
  await expect(page.getByTestId('verification').locator('.id-row input').first()).toBeFocused();
  await verifyCaller(page, leila);
  await guide(page).locator('input[data-item="identity"]').check();
  await guide(page).locator('input[data-item="dob"]').check();
  await guide(page).getByRole('button', { name: 'Next' }).click();

  // Branches by number key: 1, a new problem.
  await expect(guide(page)).toHaveAttribute('data-step', 'kind');
  await expect(guide(page).locator('[data-article="booking-new-appointment"]')).toBeVisible();
  // The step's article opens in the reader beside the call, to read aloud; back in the guide, its branch keys work.
  const openArticle = guide(page).getByRole('button', { name: 'Open it to read aloud' });
  await openArticle.click();
  await expect(page.getByRole('article', { name: 'Booking a new appointment' })).toBeVisible();
  await openArticle.focus();
  await page.keyboard.press('1');
  await expect(guide(page)).toHaveAttribute('data-step', 'search');

  // Its book button opens the free-time search; the next available is booked.
  await searchFreeTimes(page, /^The next available is .+\.$/, () => guide(page).locator('[data-action="book"]').click());
  const panel = page.getByTestId('scheduling');
  const first = panel.locator('.slot').first();
  await expect(first).toHaveAttribute('data-slot-id', seeded.slotIds[0]!);
  await first.focus();
  await page.keyboard.press('Enter');
  await panel.getByTestId('slot-confirm-button').focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('schedule-announcement')).toHaveAttribute('data-outcome', 'booked');
  const booked = await client.search<Appointment>('Appointment', { slot: `Slot/${seeded.slotIds[0]!}` }, { maxPages: 1, maxResources: 5 });
  expect(booked.resources.map((a) => [a.status, a.participant.find((p) => p.actor?.reference?.startsWith('Patient/'))?.actor?.reference])).toEqual([
    ['booked', `Patient/${patient.id}`],
  ]);

  // Back in the guide: booked, the read-back ticked, to the end.
  await guide(page).locator('[data-next="confirm"]').focus();
  await page.keyboard.press('Enter');
  await expect(guide(page)).toHaveAttribute('data-step', 'confirm');
  await guide(page).locator('input[data-item="readBack"]').check();
  // `CAREFRONT_SCREENSHOTS=1` refreshes the README's picture of a guide on a live call.
  if (process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-guide.png', fullPage: true });
  await guide(page).getByRole('button', { name: 'Next' }).click();
  await expect(guide(page)).toHaveAttribute('data-finished', 'true');
  await expect(guide(page)).toContainText('End of the guide.');
  const axe = await new AxeBuilder({ page }).include('[data-testid="guide"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await hangUpAndWrapUp(page, phone);

  // The wrap-up on the server: the reason, and the guide's path, ticks and end.
  const [saved] = await guidedWrapUps(1);
  expect(fieldsOf(saved!, 'urn:carefront:wrap-up').callReason).toBe('booking');
  expect(fieldsOf(saved!, 'urn:carefront:call-guide')).toEqual({
    guide: 'booking',
    language: 'en',
    path: 'greet verify kind search confirm done',
    checked: 'verify.identity verify.dob confirm.readBack',
    finished: true,
  });

  // In Arabic, right to left: a complaint's guide, by keyboard, saved where the agent left it.
  await page.locator('#language-switcher').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await callAndAnswer(page, kam, 'alice', leila);
  await page.locator('#call-reason').selectOption('complaint');
  await expect(guide(page).getByRole('heading')).toHaveText('الدليل: شكوى');
  await expect(guide(page)).toContainText('دع المتصل يروي القصة كاملة دون مقاطعة');
  await guide(page).getByRole('button', { name: 'التالي' }).focus();
  await page.keyboard.press('Enter');
  await expect(guide(page)).toHaveAttribute('data-step', 'verify');
  await expect(guide(page).locator('.guide-progress')).toHaveText('الخطوة 2 في هذا المسار');
  const axeAr = await new AxeBuilder({ page }).include('[data-testid="guide"]').analyze();
  expect(axeAr.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await hangUpAndWrapUp(page, phone);
  const both = await guidedWrapUps(2);
  const arabic = both.map((c) => fieldsOf(c, 'urn:carefront:call-guide')).find((f) => f.language === 'ar');
  expect(arabic).toEqual({ guide: 'complaint', language: 'ar', path: 'listen verify', finished: false });
  await page.locator('#language-switcher').selectOption('en');
});
