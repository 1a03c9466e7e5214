// One agent's desk on the SIP rig, connected to the test FHIR server as a site administrator connects it (the admin
// CLI), and a patient's phone that calls from the patient's own number: what the EHR specs that take a real call
// start with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { keyFileProvider, openStore } from '../../electron/cache';
import { ifSetUp } from '../if-set-up';
import { Baresip, Kamailio } from '../rig/rig';
import { startApp, type AppProcess } from './app-process';
import { adminOn } from './e2e-fhir';
import { writeAccountFile } from './patient-caller';

export interface RigDesk {
  kam: Kamailio;
  /** The patient's phone (registered under `digits`, answers nothing by itself). */
  phone: Baresip;
  /** alice's desk. */
  app: AppProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts the rig, the patient's phone and alice's desk connected to `baseUrl` (its store made first, then `ehr set`). */
export async function rigDeskConnected(prefix: string, baseUrl: string, digits: string): Promise<RigDesk> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `carefront-e2e-${prefix}-`));
  const parts: Partial<RigDesk> = { dataDir };
  const stop = async () => {
    await ifSetUp(parts.app, (a) => a.stop());
    await ifSetUp(parts.phone, (p) => p.dispose());
    await ifSetUp(parts.kam, (k) => k.dispose());
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    openStore({ path: path.join(dataDir, 'demo.db'), keyProvider: keyFileProvider(path.join(dataDir, 'demo.key')) }).close();
    const set = await adminOn(dataDir, 'ehr', 'set', '--base-url', baseUrl, '--auth', 'none');
    expect(set.stderr).toBe('');
    parts.kam = await Kamailio.create({ rtpengine: true, extraUsers: { [digits]: 'patient-phone-secret' } });
    parts.phone = await Baresip.create(parts.kam, digits, { password: 'patient-phone-secret' });
    parts.app = await startApp(['--sip-account', writeAccountFile('alice', parts.kam.wsUrl, 'Alice Agent')], 1, dataDir);
    return { kam: parts.kam, phone: parts.phone, app: parts.app, dataDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
