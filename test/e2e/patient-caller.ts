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
  patient: { name: string; mrn: string; birthDate: string };
  dispose(): Promise<void>;
}

/** `who`: a rig user, or a user the Kamailio was given as an extra user, with its password. */
export function writeAccountFile(who: RigUser | { user: string; password: string }, server: string, displayName?: string): string {
  const { user, password } = typeof who === 'string' ? { user: who, password: RIG_USERS[who] } : who;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-acct-')), 'account.json');
  fs.writeFileSync(file, JSON.stringify({ uri: `sip:${user}@127.0.0.1`, authUser: user, password, server, ...(displayName ? { displayName } : {}) }));
  return file;
}

export async function startPatientCallerRig(options: { rtpengine: boolean }): Promise<PatientCallerRig> {
  const first = [...generateResources({ patients: 1, today: new Date().toISOString().slice(0, 10) })].find(
    (r) => (r as { resourceType: string }).resourceType === 'Patient',
  ) as unknown as {
    birthDate: string;
    name: { given: string[]; family: string }[];
    identifier: { value: string }[];
    telecom: { value: string }[];
  };
  const patient = { mrn: first.identifier[0]!.value, birthDate: first.birthDate, name: `${first.name[0]!.given.join(' ')} ${first.name[0]!.family}` };
  const digits = parsePhoneNumberFromString(first.telecom[0]!.value, 'US')!.number.slice(1); // E.164 without '+'
  const kam = await Kamailio.create({ rtpengine: options.rtpengine, extraUsers: { [digits]: 'patient-phone-secret' } });
  const caller = await Baresip.create(kam, digits, { password: 'patient-phone-secret' });
  const app = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl)], 50);
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
