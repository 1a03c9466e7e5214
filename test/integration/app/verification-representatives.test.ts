// Personal representatives and minors, through the real dispatcher and the real encrypted store, on a
// caller's call: a proxy proves who they are on their own RelatedPerson record (same strength rules)
// as well as the patient's identifiers; a parent of a minor needs no Consent, a 12-17-year-old's
// sensitive care (FHIR meta.security) stays hidden even from that parent, a guardian or power of
// attorney stands in an adult's shoes, and a parent of an adult without a Consent is refused. Every
// decision is in the audit log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import type { ArgsOf, ChannelName } from '../../../shared/ipc/contract';
import { answeredCall, type TestCall } from './caller-call';
import { relatedPeople, yearsAgo, type Relative } from './family-fixture';
import { invoke } from './invoke';
import { ifSetUp } from '../../if-set-up';

let dir: string;
let services: Services;
let dispatch: Dispatch;

const call = <C extends ChannelName>(channel: C, args: ArgsOf<C>) => invoke(dispatch, channel, args);
const SENSITIVE = {
  security: [
    { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
    { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'SEX' },
  ],
};

/** A related person's own birth date in the fixture (what they prove themselves with). */
const bornOn = (given: string): string => `19${60 + given.length}-0${(given.length % 9) + 1}-1${given.length % 10}`;

/** A patient with one ordinary and one sensitive encounter and appointment, and the given related people. */
function family(id: string, age: number, related: Relative[]): unknown[] {
  const subject = { reference: `Patient/${id}` };
  return [
    {
      resourceType: 'Patient',
      id,
      name: [{ use: 'official', family: 'Okafor', given: [id] }],
      birthDate: yearsAgo(age),
      telecom: [{ system: 'phone', value: '+15550100' + String(age).padStart(3, '0') }],
    },
    {
      resourceType: 'Encounter',
      id: `${id}-enc`,
      status: 'finished',
      class: { code: 'AMB' },
      subject,
      period: { start: '2026-01-05T10:00:00Z' },
      reasonCode: [{ text: 'Sore throat' }],
    },
    {
      resourceType: 'Encounter',
      id: `${id}-enc-s`,
      meta: SENSITIVE,
      status: 'finished',
      class: { code: 'AMB' },
      subject,
      period: { start: '2026-02-05T10:00:00Z' },
      reasonCode: [{ text: 'Sensitive visit' }],
    },
    {
      resourceType: 'Appointment',
      id: `${id}-appt`,
      status: 'booked',
      start: '2027-01-10T09:00:00Z',
      participant: [{ actor: subject, status: 'accepted' }],
      description: 'Check-up',
    },
    {
      resourceType: 'Appointment',
      id: `${id}-appt-s`,
      meta: SENSITIVE,
      status: 'booked',
      start: '2027-01-11T09:00:00Z',
      participant: [{ actor: subject, status: 'accepted' }],
      description: 'Sensitive follow-up',
    },
    ...related.flatMap((r) =>
      relatedPeople(subject, 'Okafor', r, {
        birthDate: bornOn(r.given),
        telecom: [{ system: 'phone', value: '+1555019' + String(r.given.length).padStart(4, '0') }],
        address: [{ line: [`${r.given.length} Acacia Road`], city: 'Springfield', postalCode: '01101' }],
      }),
    ),
  ];
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-reps-'));
  services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 5 });
  dispatch = createDispatch(buildHandlers(services));
  const report = services.imports.importGenerated(
    [
      ...family('teen', 15, [{ id: 'teen-mother', given: 'Ada', code: 'MTH' }]),
      ...family('child', 8, [{ id: 'child-father', given: 'Ben', code: 'FTH' }]),
      ...family('adult', 40, [
        { id: 'adult-father', given: 'Chidi', code: 'FTH' },
        { id: 'adult-guardian', given: 'Dara', code: 'GUARD' },
        { id: 'adult-sister', given: 'Efe', code: 'SIS', consentScope: ['appointments', 'clinical'] },
      ]),
    ],
    'representatives fixture',
  );
  expect(report.skipped, JSON.stringify(report)).toBe(0);
});

afterAll(async () => {
  await ifSetUp(services, (s) => s.close());
  fs.rmSync(dir, { recursive: true, force: true });
});

let current: TestCall | null = null;
/** Each test is a new caller's call (the previous one hung up and wrapped up). */
function newCall(): void {
  if (current && current.view().state !== 'ended') current.hangup();
  services.verification.workDone();
  current = answeredCall(services, '+15550188001');
}
beforeEach(() => {
  newCall();
});

async function verifyAs(patientId: string, callerName: string, age: number) {
  const who = await call('verification.caller', { patientId, kind: 'proxy', name: callerName });
  if (who.status === 'failed') return { who, view: await call('patients.view', { patientId }) };
  // The caller proves who they are on their own record: their name (said above) and their birth date.
  const self = await call('verification.check', { patientId, identifier: 'birthDate', value: bornOn(callerName.split(' ')[0]!), subject: 'caller' });
  expect(self.callerCheck!.progress.passed).toBe(true);
  await call('verification.check', { patientId, identifier: 'name', value: `${patientId} Okafor` });
  const done = await call('verification.check', { patientId, identifier: 'birthDate', value: yearsAgo(age) });
  expect(done.status).toBe('verified');
  return { who, view: await call('patients.view', { patientId }) };
}
const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

describe('personal representatives and minors', () => {
  it("a parent of a 15-year-old needs no consent, but the teenager's sensitive care stays hidden", async () => {
    const { who, view } = await verifyAs('teen', 'Ada Okafor', 15);
    expect(who.caller).toMatchObject({ kind: 'proxy', consent: 'representative', confidentialHidden: true });
    expect(ids(view.summary.history)).toEqual(['teen-enc']);
    expect(ids(view.summary.appointments)).toEqual(['teen-appt']);
    const audit = services.audit.recent(10).map((e: unknown) => JSON.stringify(e));
    expect(audit.some((e: string) => e.includes('identity verified') && e.includes('proxy, representative, sensitive care withheld'))).toBe(true);
  });

  it('the 15-year-old calling for themselves hears about their own sensitive care', async () => {
    await call('verification.check', { patientId: 'teen', identifier: 'name', value: 'teen Okafor' });
    await call('verification.check', { patientId: 'teen', identifier: 'birthDate', value: yearsAgo(15) });
    const view = await call('patients.view', { patientId: 'teen' });
    expect(ids(view.summary.history)).toEqual(['teen-enc', 'teen-enc-s']);
  });

  it('a parent of an 8-year-old sees everything the role allows', async () => {
    const { who, view } = await verifyAs('child', 'Ben Okafor', 8);
    expect(who.caller).toMatchObject({ consent: 'representative', confidentialHidden: false });
    expect(ids(view.summary.history)).toEqual(['child-enc', 'child-enc-s']);
    expect(ids(view.summary.appointments)).toEqual(['child-appt', 'child-appt-s']);
  });

  it("a parent of an adult without consent is refused; the adult's guardian is a representative", async () => {
    const father = await verifyAs('adult', 'Chidi Okafor', 40);
    expect(father.who).toMatchObject({ status: 'failed', recommendation: 'privacyOfficer', caller: { consent: 'none' } });
    expect(father.view.summary.history).toEqual([]);
    newCall();
    const guardian = await verifyAs('adult', 'Dara Okafor', 40);
    expect(guardian.who.caller).toMatchObject({ consent: 'representative', confidentialHidden: false });
    expect(ids(guardian.view.summary.history)).toEqual(['adult-enc', 'adult-enc-s']);
  });

  it('a consented proxy hears what the consent covers, but not sensitive care it does not name', async () => {
    const { who, view } = await verifyAs('adult', 'Efe Okafor', 40);
    expect(who.caller).toMatchObject({ consent: 'valid', scope: ['appointments', 'clinical'], confidentialHidden: true });
    expect(ids(view.summary.history)).toEqual(['adult-enc']);
    expect(ids(view.summary.appointments)).toEqual(['adult-appt']);
    expect(view.summary.proxies).toEqual([]);
  });
});

describe('a proxy is verified as themselves too', () => {
  it("a stranger who names the listed father and proves the child's identifiers does not get the record", async () => {
    const who = await call('verification.caller', { patientId: 'child', kind: 'proxy', name: 'Ben Okafor' });
    expect(who.caller).toMatchObject({ consent: 'representative' });
    expect(who.callerCheck).toMatchObject({ identifiers: ['name', 'birthDate', 'phone', 'address'], results: { name: 'match' } });
    await call('verification.check', { patientId: 'child', identifier: 'name', value: 'child Okafor' });
    const patientOnly = await call('verification.check', { patientId: 'child', identifier: 'birthDate', value: yearsAgo(8) });
    expect(patientOnly.patientProgress.passed).toBe(true);
    expect(patientOnly).toMatchObject({ status: 'unverified', visibleSections: [] });
    // The father's public facts (his address, the number on file) do not prove it is him.
    const address = await call('verification.check', { patientId: 'child', identifier: 'address', value: '3 Acacia Road', subject: 'caller' });
    expect(address.callerCheck!.results.address).toBe('match');
    expect(address.callerCheck!.progress).toMatchObject({ matched: 2, secretMatched: 0, passed: false });
    expect(address.status).toBe('unverified');
    expect((await call('patients.view', { patientId: 'child' })).summary.history).toEqual([]);
    // A wrong birth date for the father counts on the call like any mismatch.
    const wrong = await call('verification.check', { patientId: 'child', identifier: 'birthDate', value: '1999-09-09', subject: 'caller' });
    expect(wrong).toMatchObject({ status: 'unverified', mismatches: 1 });
    const right = await call('verification.check', { patientId: 'child', identifier: 'birthDate', value: bornOn('Ben'), subject: 'caller' });
    expect(right.status).toBe('verified');
    expect(ids((await call('patients.view', { patientId: 'child' })).summary.history)).toEqual(['child-enc', 'child-enc-s']);
  });

  it('the caller’s own identifiers are checked only for a proxy on file', async () => {
    const r = await dispatch('verification.check', { patientId: 'child', identifier: 'birthDate', value: bornOn('Ben'), subject: 'caller' });
    expect(!r.ok && r.error.code).toBe('invalidArgument');
  });
});
