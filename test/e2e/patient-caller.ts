// The rig for calls "from a patient": the first synthetic patient of the demo store (same seed, same
// day as the app's own seeding), a baresip phone registered under that patient's number, and an
// agent workspace (Carefront in browser mode) registered as alice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { generateResources } from '../../electron/cache';
import { Baresip, Kamailio, RIG_USERS, type RigUser } from '../rig/rig';
import { startApp, type AppProcess } from './app-process';

export interface PatientCallerRig {
  kam: Kamailio;
  caller: Baresip;
  app: AppProcess;
  patient: { name: string; mrn: string; birthDate: string; nextAppointmentId: string | null };
  dispose(): Promise<void>;
}

/** `who`: a rig user, or a user the Kamailio was given as an extra user, with its password. */
export function writeAccountFile(who: RigUser | { user: string; password: string }, server: string, displayName?: string): string {
  const { user, password } = typeof who === 'string' ? { user: who, password: RIG_USERS[who] } : who;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-acct-')), 'account.json');
  fs.writeFileSync(file, JSON.stringify({ uri: `sip:${user}@127.0.0.1`, authUser: user, password, server, ...(displayName ? { displayName } : {}) }));
  return file;
}

/** How many patients the rig's app seeds its demo store with (the rig reads the same ones). */
const DEMO_PATIENTS = 50;

interface SyntheticPatient {
  resourceType: 'Patient';
  id: string;
  birthDate: string;
  name: { given: string[]; family: string }[];
  identifier: { value: string }[];
  telecom?: { value: string }[];
}
interface SyntheticAppointment {
  resourceType: 'Appointment';
  id: string;
  status: string;
  start: string;
  participant: { actor: { reference: string } }[];
}

/**
 * The demo store's patients as the app seeds them today, and their appointments booked for a later day (today's may
 * already be over by the time a test looks).
 */
function demoPatients(): { patient: SyntheticPatient; laterAppointments: SyntheticAppointment[] }[] {
  const today = new Date().toISOString().slice(0, 10);
  const resources = [...generateResources({ patients: DEMO_PATIENTS, today })] as unknown as { resourceType: string }[];
  const patients = resources.filter((r): r is SyntheticPatient => r.resourceType === 'Patient');
  const appointments = resources.filter((r): r is SyntheticAppointment => r.resourceType === 'Appointment');
  return patients.map((patient) => ({
    patient,
    laterAppointments: appointments
      .filter((a) => a.status === 'booked' && a.start.slice(0, 10) > today && a.participant.some((x) => x.actor.reference === `Patient/${patient.id}`))
      .sort((a, b) => a.start.localeCompare(b.start)),
  }));
}

const isAdult = (birthDate: string) => Date.now() - Date.parse(birthDate) > 19 * 365.25 * 86_400_000;

/**
 * `caller`: 'first' is the demo store's first patient; 'withNextAppointment' the first adult with a phone and an
 * appointment booked for a later day (its id is `patient.nextAppointmentId`).
 */
export async function startPatientCallerRig(options: { rtpengine: boolean; caller?: 'first' | 'withNextAppointment' }): Promise<PatientCallerRig> {
  const all = demoPatients();
  const chosen =
    options.caller === 'withNextAppointment'
      ? all.find((p) => p.laterAppointments.length > 0 && isAdult(p.patient.birthDate) && (p.patient.telecom?.length ?? 0) > 0)
      : all[0];
  if (!chosen) throw new Error('the demo store has no patient the rig asked for');
  const first = chosen.patient as SyntheticPatient & { telecom: { value: string }[] };
  const patient = {
    mrn: first.identifier[0]!.value,
    birthDate: first.birthDate,
    name: `${first.name[0]!.given.join(' ')} ${first.name[0]!.family}`,
    nextAppointmentId: chosen.laterAppointments[0]?.id ?? null,
  };
  const digits = parsePhoneNumberFromString(first.telecom[0]!.value, 'US')!.number.slice(1); // E.164 without '+'
  const kam = await Kamailio.create({ rtpengine: options.rtpengine, extraUsers: { [digits]: 'patient-phone-secret' } });
  const caller = await Baresip.create(kam, digits, { password: 'patient-phone-secret' });
  const app = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl)], DEMO_PATIENTS);
  return {
    kam,
    caller,
    app,
    patient,
    dispose: async () => {
      await app.stop();
      await caller.dispose();
      await kam.dispose();
    },
  };
}

/**
 * The rig's patient calls alice: the call rings, the screen pop comes, and the agent picks the patient when the
 * number is a family phone offering several; the patient view then names them. The call is not answered yet.
 */
export async function ringAndPickCaller(page: Page, rig: PatientCallerRig): Promise<void> {
  await rig.caller.command('dial', `sip:alice@127.0.0.1:${rig.kam.sipPort}`);
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await expect(page.getByTestId('screen-pop')).toBeVisible();
  if ((await page.getByTestId('screen-pop').locator('button').count()) > 0)
    await page.getByTestId('screen-pop').getByRole('button', { name: rig.patient.name }).click();
  await expect(page.getByTestId('patient-view')).toContainText(rig.patient.name);
}

/** The desk opened, its phone ready and the agent available; the rig's patient rings in, is picked and answered. */
export async function answerRigPatient(page: Page, rig: PatientCallerRig): Promise<void> {
  await page.goto(rig.app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
  await page.locator('#agent-status').selectOption('available');
  await ringAndPickCaller(page, rig);
  await page.keyboard.press('Alt+KeyA');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');
}

/** The caller gives their MRN and date of birth, each checked with Enter: the caller is verified. */
export async function verifyRigPatient(page: Page, rig: PatientCallerRig): Promise<void> {
  await page.locator('#verify-mrn').fill(rig.patient.mrn);
  await page.locator('#verify-mrn').press('Enter');
  await page.locator('#verify-birthDate').fill(rig.patient.birthDate);
  await page.locator('#verify-birthDate').press('Enter');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
}
