// A minor's confidential words never reach the parent: the wrap-up labels a 12-17-year-old's
// contact (and any contact the agent marks as about sensitive care) with the sensitivity label the
// sensitive visit carries; read back, it is `confidential` and withheld from a proxy exactly like
// that visit. Real dispatcher, real services, real encrypted store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import type { Communication } from 'fhir/r4';
import type { ArgsOf, ChannelName } from '../../../shared/ipc/contract';
import { callerTakesOver, type TestCall } from '../app/caller-call';
import { relatedPeople, yearsAgo, type Relative } from '../app/family-fixture';
import { invoke } from '../app/invoke';
import { ifSetUp } from '../../if-set-up';

let dir: string;
let services: Services;
let dispatch: Dispatch;
let caller: TestCall | null = null;
const nextCaller = () => {
  caller = callerTakesOver(services, caller);
};

const call = <C extends ChannelName>(channel: C, args: ArgsOf<C>) => invoke(dispatch, channel, args);

function person(id: string, age: number, related: Relative[], birthDate = yearsAgo(age)): unknown[] {
  const subject = { reference: `Patient/${id}` };
  return [
    { resourceType: 'Patient', id, name: [{ use: 'official', family: 'Lindqvist', given: [id] }], birthDate },
    {
      resourceType: 'Encounter',
      id: `${id}-enc`,
      status: 'finished',
      class: { code: 'AMB' },
      subject,
      period: { start: '2026-01-05T10:00:00Z' },
      reasonCode: [{ text: 'Sore throat' }],
    },
    ...related.flatMap((r) => relatedPeople(subject, 'Lindqvist', r, { birthDate: '1970-02-03' })),
  ];
}

const wrapUp = (patientId: string, notes: string, extra: Partial<ArgsOf<'wrapUp.save'>> = {}) =>
  call('wrapUp.save', {
    callId: null,
    patientId,
    disposition: 'resolved',
    notes,
    followUpAt: null,
    survey: false,
    handleSeconds: 200,
    afterCallSeconds: 30,
    ...extra,
  });

/** The Communication a wrap-up wrote, as the store keeps it. */
const stored = (id: string) =>
  JSON.parse(
    (services.store.connection().prepare("SELECT json FROM resource WHERE type = 'Communication' AND id = ?").get(id) as { json: string }).json,
  ) as Communication;

/**
 * The verification steps for someone on the line (kept in one place: the verification design moves
 * under this test, the steps may change, what is withheld may not).
 */
async function verifiedView(patientId: string, age: number, proxyName: string | null) {
  nextCaller();
  if (proxyName) {
    // Someone calling for the patient proves who they are on their own record first.
    await call('verification.caller', { patientId, kind: 'proxy', name: proxyName });
    await call('verification.check', { patientId, identifier: 'name', value: proxyName, subject: 'caller' });
    await call('verification.check', { patientId, identifier: 'birthDate', value: '1970-02-03', subject: 'caller' });
  }
  await call('verification.check', { patientId, identifier: 'name', value: `${patientId} Lindqvist` });
  const done = await call('verification.check', { patientId, identifier: 'birthDate', value: yearsAgo(age) });
  expect(done.status).toBe('verified');
  return call('patients.view', { patientId });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-confidential-'));
  services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 3 });
  dispatch = createDispatch(buildHandlers(services));
  const report = services.imports.importGenerated(
    [
      ...person('teen15', 15, [{ id: 'teen15-father', given: 'Olof', code: 'FTH' }]),
      ...person('kid8', 8, [{ id: 'kid8-mother', given: 'Maja', code: 'MTH' }]),
      ...person('teenYear', 14, [], String(new Date().getUTCFullYear() - 14)),
      ...person('adultYear', 40, [], String(new Date().getUTCFullYear() - 40)),
      ...person('adult40', 40, [{ id: 'adult40-sister', given: 'Ebba', code: 'SIS', consentScope: ['appointments', 'clinical'] }]),
    ],
    'confidential contacts fixture',
  );
  expect(report.skipped).toBe(0);
});

afterAll(async () => {
  await ifSetUp(services, (s) => s.close());
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  nextCaller();
});

describe("a minor's confidential contacts", () => {
  it("labels every contact of a 15-year-old with the sensitive visit's code, and the father verified as representative never sees it", async () => {
    const note = 'Asked about the clinic visit; does not want his parents told.';
    const { communicationId } = await wrapUp('teen15', note);
    expect(stored(communicationId).meta!.security).toEqual([
      { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' },
    ]);

    const father = await verifiedView('teen15', 15, 'Olof Lindqvist');
    expect(father.summary.history.map((h) => h.id)).toEqual(['teen15-enc']);
    expect(JSON.stringify(father.summary)).not.toContain('does not want his parents told');

    const teen = await verifiedView('teen15', 15, null);
    expect(teen.summary.history.find((h) => h.id === communicationId)).toMatchObject({ summary: note, confidential: true });
  });

  it('a partial birth date ("2012") labels the contact when the patient may be of confidential age', async () => {
    expect(stored((await wrapUp('teenYear', 'Asked about a test.')).communicationId).meta!.security![0]!.code).toBe('R');
    expect(stored((await wrapUp('adultYear', 'Asked about a test.')).communicationId).meta).toBeUndefined();
  });

  it("an 8-year-old's contacts are not labelled: the parent of a young child sees them", async () => {
    const { communicationId } = await wrapUp('kid8', 'Booked the vaccination.');
    expect(stored(communicationId).meta).toBeUndefined();
    const mother = await verifiedView('kid8', 8, 'Maja Lindqvist');
    expect(mother.summary.history.map((h) => h.id)).toContain(communicationId);
  });

  it('a contact the agent marks as about sensitive care is labelled at any age and withheld from a proxy whose consent does not name it', async () => {
    const plain = await wrapUp('adult40', 'Moved the check-up to Friday.');
    const sensitive = await wrapUp('adult40', 'Discussed the test results from the sexual health clinic.', { sensitive: true });
    expect(stored(plain.communicationId).meta).toBeUndefined();
    expect(stored(sensitive.communicationId).meta!.security![0]!.code).toBe('R');
    const sister = await verifiedView('adult40', 40, 'Ebba Lindqvist');
    const ids = sister.summary.history.map((h) => h.id);
    expect(ids).toContain(plain.communicationId);
    expect(ids).not.toContain(sensitive.communicationId);
  });
});
