// Who is calling, by name, through the real services and the real encrypted store: names with
// invisible or reordering characters are indexed, shown and compared as their visible letters (the
// stored resource keeps the original); every name on file, in each script, verifies, and a mix of
// the scripts on file does too; before verification the page never receives the other names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import type { Patient } from 'fhir/r4';
import type { ArgsOf, ChannelName } from '../../../shared/ipc/contract';
import { callerTakesOver, type TestCall } from '../app/caller-call';
import { invoke } from '../app/invoke';
import { ifSetUp } from '../../if-set-up';

let dir: string;
let services: Services;
let dispatch: Dispatch;
const ctx = { actor: 'agent/test', reason: 'names test' };

const call = <C extends ChannelName>(channel: C, args: ArgsOf<C>) => invoke(dispatch, channel, args);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-names-'));
  services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 3 });
  dispatch = createDispatch(buildHandlers(services));
  const report = services.imports.importGenerated(
    [
      {
        resourceType: 'Patient',
        id: 'ahmed',
        identifier: [{ type: { coding: [{ code: 'MR' }] }, value: 'MRN-AH-1' }],
        name: [
          { use: 'official', given: ['Ahmed'], family: 'Al-Hassan' },
          { use: 'official', given: ['أحمد'], family: 'الحسن' },
        ],
        birthDate: '1981-04-09',
        telecom: [{ system: 'phone', value: '+1 617 555 0181', use: 'mobile' }],
      },
      {
        resourceType: 'RelatedPerson',
        id: 'ahmed-guardian',
        active: true,
        patient: { reference: 'Patient/ahmed' },
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'GUARD', display: 'guardian' }] }],
        name: [
          { use: 'official', given: ['Fatima'], family: 'Al-Hassan' },
          { use: 'official', given: ['فاطمة'], family: 'الحسن' },
        ],
      },
      {
        resourceType: 'Patient',
        id: 'bidi',
        identifier: [{ type: { coding: [{ code: 'MR' }] }, value: 'MRN-BD-1' }],
        name: [{ use: 'official', given: ['Ali\u202Ece'], family: 'Se\u0000n\u200B' }],
        birthDate: '1990-10-10',
        telecom: [{ system: 'phone', value: '+1 617 555 0182', use: 'mobile' }],
      },
    ],
    'names fixture',
  );
  expect(report.issues).toEqual([]);
});

afterAll(async () => {
  await ifSetUp(services, (s) => s.close());
  fs.rmSync(dir, { recursive: true, force: true });
});

let caller: TestCall | null = null;
const nextCaller = () => {
  caller = callerTakesOver(services, caller);
};
beforeEach(() => {
  nextCaller();
});

const check = (patientId: string, value: string) => call('verification.check', { patientId, identifier: 'name', value });

describe('who is calling, by name', () => {
  it('indexes and shows a name as its visible letters; the stored resource keeps the original', async () => {
    const [match] = services.patients.lookupByPhone('+16175550182', ctx);
    expect(match!.name).toBe('Alice Sen');
    expect(services.patients.searchByNameDob('Alice Sen', '1990-10-10', ctx).map((m) => [m.patientId, m.rank])).toEqual([['bidi', 100]]);
    const raw = services.store.connection().prepare("SELECT json FROM resource WHERE type = 'Patient' AND id = 'bidi'").get() as { json: string };
    expect((JSON.parse(raw.json) as Patient).name![0]!.given![0]).toBe('Ali\u202Ece');
    expect((await check('bidi', 'Alice Sen')).results.name).toBe('match');
  });

  it('verifies "Ahmed Al-Hassan", "أحمد الحسن" and the mixed "Ahmed الحسن" against a record with both scripts', async () => {
    for (const said of ['Ahmed Al-Hassan', 'أحمد الحسن', 'Ahmed الحسن']) {
      nextCaller();
      expect((await check('ahmed', said)).results.name, said).toBe('match');
    }
    nextCaller();
    expect((await check('ahmed', 'Ahmed Hassan')).results.name).toBe('mismatch');
  });

  it('finds someone calling for the patient under any of their names on file, mixed scripts too', async () => {
    for (const said of ['Fatima Al-Hassan', 'فاطمة الحسن', 'Fatima الحسن']) {
      nextCaller();
      const who = await call('verification.caller', {
        patientId: 'ahmed',
        kind: 'proxy',
        name: said,
      });
      expect(who.caller, said).toMatchObject({ relatedPersonId: 'ahmed-guardian', consent: 'representative' });
    }
  });

  it('finds the patient by either script in a name + date of birth search', () => {
    expect(services.patients.searchByNameDob('أحمد الحسن', '1981-04-09', ctx).map((m) => m.patientId)).toEqual(['ahmed']);
    expect(services.patients.searchByNameDob('Ahmed Al-Hassan', '1981-04-09', ctx).map((m) => [m.patientId, m.name])).toEqual([['ahmed', 'Ahmed Al-Hassan']]);
  });

  it('before verification the page receives the shown name only, never the other names on file', async () => {
    const view = await call('patients.view', { patientId: 'ahmed' });
    expect(view.summary.patient.name).toBe('Ahmed Al-Hassan');
    expect(view.summary.patient.names).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('أحمد');
  });
});
