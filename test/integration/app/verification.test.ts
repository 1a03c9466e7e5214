// Identity verification through the real dispatcher and the real encrypted store, on a caller's call:
// nothing protected leaves main before two identifiers match, at least one of them not shown on the
// screen and not given away by the caller ID; every attempt on the call counts and a failure stays
// for the call; a red flag or a high-risk request needs one identifier more; what unlocks follows the
// role; search results and the screen pop carry nothing that verifies; every outcome is audited and
// pushed to the page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { ageOn } from '../../../shared/domain/age';
import type { ArgsOf, ChannelName, ScreenPop } from '../../../shared/ipc/contract';
import type { VerificationUpdate } from '../../../shared/verification/state';
import { answeredCall, ringIn, type TestCall } from './caller-call';
import { invoke } from './invoke';
import { ifSetUp } from '../../if-set-up';

let dir: string;
let services: Services;
let dispatch: Dispatch;
let patientId: string;
let onFile: { name: string; mrn: string; birthDate: string; address: string; phone: string; memberId: string };
const updates: VerificationUpdate[] = [];
const pops: ScreenPop[] = [];
let current: TestCall | null = null;

const call = <C extends ChannelName>(channel: C, args: ArgsOf<C>) => invoke(dispatch, channel, args);

/** The previous caller's call ends and its work is done; a new caller rings in and is answered. */
function newCall(number = onFile.phone): TestCall {
  if (current && current.view().state !== 'ended') current.hangup();
  services.verification.workDone();
  current = answeredCall(services, number);
  return current;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-verify-'));
  services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 200 });
  services.bus.subscribe((event, payload) => {
    if (event === 'verification.updated') updates.push(payload as VerificationUpdate);
    if (event === 'call.screenPop') pops.push(payload as ScreenPop);
  });
  dispatch = createDispatch(buildHandlers(services));
  const ids = (
    services.store.connection().prepare('SELECT id FROM patient_index WHERE birth_date IS NOT NULL AND mrn IS NOT NULL').all() as { id: string }[]
  ).map((r) => r.id);
  for (const id of ids) {
    const s = services.patients.summary(id, { actor: 'test', reason: 'test fixture' });
    const memberId = s.coverage.find((c) => c.subscriberId)?.subscriberId;
    if (!s.patient.address || !s.patient.phones[0] || !memberId || (ageOn(s.patient.birthDate, new Date()) ?? 0) < 18) continue;
    patientId = id;
    onFile = { name: s.patient.name, mrn: s.patient.mrn!, birthDate: s.patient.birthDate!, address: s.patient.address, phone: s.patient.phones[0], memberId };
    break;
  }
  expect(patientId, 'the demo data has an adult with an address, a phone and a member id').toBeTruthy();
});

afterAll(async () => {
  await ifSetUp(services, (s) => s.close());
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  newCall();
});

describe('verification needs a live caller’s call', () => {
  it('checks with no call at all are refused with a coded error, and nothing unlocks', async () => {
    current!.hangup();
    services.verification.workDone();
    const refused = await dispatch('verification.check', { patientId, identifier: 'mrn', value: onFile.mrn });
    expect(!refused.ok && refused.error.code).toBe('noCallerCall');
    const again = await dispatch('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
    expect(!again.ok && again.error.code).toBe('noCallerCall');
    const view = await call('patients.view', { patientId });
    expect(view.verification).toMatchObject({ status: 'unverified', callId: null, live: false, visibleSections: [] });
    expect(view.summary.patient.mrn).toBeNull();
  });

  it('a ringing call, or a call that has ended, takes no checks either', async () => {
    current!.hangup();
    services.verification.workDone();
    current = ringIn(services, onFile.phone);
    const ringing = await dispatch('verification.check', { patientId, identifier: 'mrn', value: onFile.mrn });
    expect(!ringing.ok && ringing.error.code).toBe('noCallerCall');
    current.answer();
    await call('verification.check', { patientId, identifier: 'mrn', value: onFile.mrn });
    current.hangup();
    const ended = await dispatch('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
    expect(!ended.ok && ended.error.code).toBe('noCallerCall');
  });
});

describe('identifier strength', () => {
  it('sends nothing protected before verification, then what the front-desk role needs', async () => {
    const before = await call('patients.view', { patientId });
    expect(before.verification).toMatchObject({ status: 'unverified', live: true, callId: current!.id });
    expect(before.summary.patient).toMatchObject({ name: onFile.name, mrn: null, birthDate: null, phones: [], address: null });
    expect(before.summary.appointments).toEqual([]);
    expect(before.summary.invoices).toEqual([]);
    // Why each section is hidden: billing is never the front desk's; the rest waits for verification.
    expect(before.verification.role).toBe('frontDesk');
    expect(before.verification.hiddenBecause).toEqual({
      demographics: 'verification',
      appointments: 'verification',
      referrals: 'verification',
      coverage: 'verification',
      billing: 'role',
      proxies: 'verification',
      history: 'verification',
    });

    const one = await call('verification.check', { patientId, identifier: 'mrn', value: onFile.mrn.toLowerCase() });
    expect(one).toMatchObject({ status: 'unverified', results: { mrn: 'match' }, visibleSections: [] });
    const two = await call('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
    expect(two.status).toBe('verified');
    expect(two.patientProgress).toMatchObject({ matched: 2, secretMatched: 2, passed: true });
    expect(two.visibleSections).toContain('appointments');
    expect(two.visibleSections).not.toContain('billing'); // minimum necessary for the front desk
    expect(two.hiddenBecause).toEqual({ billing: 'role' }); // not "until verified": the caller is

    const after = await call('patients.view', { patientId });
    expect(after.summary.patient.mrn).toBe(onFile.mrn);
    expect(after.summary.invoices).toEqual([]);
    const audit = services.audit.recent(20).map((e) => JSON.stringify(e));
    expect(audit.some((e: string) => e.includes('identity verified'))).toBe(true);
  });

  it('an impostor with public facts is refused: the name on the pop and the calling number', async () => {
    const name = await call('verification.check', { patientId, identifier: 'name', value: onFile.name });
    expect(name.results.name).toBe('match');
    const phone = await call('verification.check', { patientId, identifier: 'phone', value: onFile.phone });
    expect(phone.results.phone).toBe('callerId'); // the number they call from proves nothing
    expect(phone).toMatchObject({ status: 'unverified', visibleSections: [], mismatches: 0 });
    expect(phone.patientProgress).toMatchObject({ matched: 1, secretMatched: 0, passed: false });
    const view = await call('patients.view', { patientId });
    expect(view.summary.patient.birthDate).toBeNull();
    expect(view.summary.appointments).toEqual([]);
  });

  it('an impostor with public facts is refused: name and street address', async () => {
    await call('verification.check', { patientId, identifier: 'name', value: onFile.name });
    const address = await call('verification.check', { patientId, identifier: 'address', value: onFile.address });
    expect(address.results.address).toBe('match');
    expect(address).toMatchObject({ status: 'unverified', visibleSections: [] });
    expect(address.patientProgress).toMatchObject({ matched: 2, secretMatched: 0, requiredSecret: 1, passed: false });
    expect(address.strength).toMatchObject({ name: 'public', address: 'public', phone: 'public', birthDate: 'secret', mrn: 'secret', memberId: 'secret' });
  });

  it('a public fact and a secret one verify: name and the last digits of the member id', async () => {
    await call('verification.check', { patientId, identifier: 'name', value: onFile.name });
    const done = await call('verification.check', { patientId, identifier: 'memberId', value: onFile.memberId.slice(-4) });
    expect(done).toMatchObject({ status: 'verified', results: { memberId: 'match' } });
  });

  it('an identifier with nothing on file is refused (notFound) and is not counted as the caller’s mismatch', async () => {
    const row = services.store
      .connection()
      .prepare("SELECT id FROM patient_index WHERE id NOT IN (SELECT patient_id FROM resource WHERE type = 'Coverage') LIMIT 1")
      .get() as { id: string } | undefined;
    expect(row, 'the demo data has a patient without coverage').toBeTruthy();
    const r = await dispatch('verification.check', { patientId: row!.id, identifier: 'memberId', value: '1234' });
    expect(!r.ok && r.error.code).toBe('notFound');
    expect((await call('verification.get', { patientId: row!.id })).mismatches).toBe(0);
  });

  it('billing is a high-risk request: on a supervisor’s desk it opens only after step-up', async () => {
    const supDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-verify-sup-'));
    const sup = await createServices({ dataDir: supDir, transport: 'bridge', demoPatients: 200, role: 'supervisor' });
    try {
      const d = createDispatch(buildHandlers(sup));
      const run = <C extends ChannelName>(channel: C, args: ArgsOf<C>) => invoke(d, channel, args);
      answeredCall(sup, onFile.phone);
      await run('verification.check', { patientId, identifier: 'name', value: onFile.name });
      const base = await run('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
      expect(base.status).toBe('verified');
      expect(base.visibleSections).toContain('appointments');
      expect(base.visibleSections).not.toContain('billing');
      expect(base.hiddenBecause).toEqual({ billing: 'stepUp' });
      const asked = await run('verification.stepUp', { patientId, request: 'billing' });
      expect(asked.stepUp).toMatchObject({ requests: ['billing'], required: true, passed: false });
      expect(asked.patientProgress.requiredMatches).toBe(3);
      const stepped = await run('verification.check', { patientId, identifier: 'mrn', value: onFile.mrn });
      expect(stepped.stepUp.passed).toBe(true);
      expect(stepped.visibleSections).toContain('billing');
      expect(stepped.hiddenBecause).toEqual({});
      expect(() => {
        sup.verification.authorise(patientId, 'changeContact');
      }).not.toThrow();
    } finally {
      await sup.close();
      fs.rmSync(supDir, { recursive: true, force: true });
    }
  });
});

describe('every attempt counts for the call', () => {
  it('wrong birth dates accumulate: the right one after them does not verify', async () => {
    await call('verification.check', { patientId, identifier: 'name', value: onFile.name });
    await call('verification.check', { patientId, identifier: 'birthDate', value: '1901-01-01' });
    const second = await call('verification.check', { patientId, identifier: 'birthDate', value: '1902-02-02' });
    expect(second).toMatchObject({ status: 'failed', mismatches: 2, recommendation: 'privacyOfficer', visibleSections: [] });
    const right = await dispatch('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
    expect(!right.ok && right.error.code).toBe('forbidden');
    const view = await call('patients.view', { patientId });
    expect(view.summary.patient.birthDate).toBeNull();
    expect(
      services.audit
        .recent(20)
        .map((e) => JSON.stringify(e))
        .some((e: string) => e.includes('identity failed')),
    ).toBe(true);
  });

  it('"New caller: start over" does not lift a failure on the same call; the next call starts clean', async () => {
    await call('verification.check', { patientId, identifier: 'name', value: 'Somebody Else' });
    await call('verification.check', { patientId, identifier: 'birthDate', value: '1901-01-01' });
    await call('verification.reset', {});
    const still = await call('verification.get', { patientId });
    expect(still).toMatchObject({ status: 'failed', mismatches: 2 });
    const refused = await dispatch('verification.check', { patientId, identifier: 'mrn', value: onFile.mrn });
    expect(!refused.ok && refused.error.code).toBe('forbidden');
    // Start over clears matches but keeps mismatches: one wrong answer, start over, one wrong answer fails.
    newCall();
    await call('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-1' });
    await call('verification.reset', {});
    const failed = await call('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-2' });
    expect(failed.status).toBe('failed');
    newCall();
    expect((await call('verification.get', { patientId })).status).toBe('unverified');
  });

  it('only a supervisor’s desk may lift a failure, with a reason, and it is audited', async () => {
    await call('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-1' });
    await call('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-2' });
    const refused = await dispatch('verification.override', { reason: 'caller found their card' });
    expect(!refused.ok && refused.error.code).toBe('forbidden');
    const supDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-verify-sup-'));
    const sup = await createServices({ dataDir: supDir, transport: 'bridge', demoPatients: 200, role: 'supervisor' });
    try {
      const d = createDispatch(buildHandlers(sup));
      answeredCall(sup, onFile.phone);
      await d('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-1' });
      await d('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-2' });
      expect(sup.verification.state(patientId).status).toBe('failed');
      const bad = await d('verification.override', { reason: '\u0000' });
      expect(!bad.ok && bad.error.code).toBe('invalidArgument');
      const ok = await d('verification.override', { reason: 'caller read the card slowly; confirmed by supervisor' });
      expect(ok.ok).toBe(true);
      expect(sup.verification.state(patientId)).toMatchObject({ status: 'unverified', overridden: true, mismatches: 0 });
      expect(
        sup.audit
          .recent(5)
          .map((e: unknown) => JSON.stringify(e))
          .some((e) => e.includes('supervisor override of a failed verification')),
      ).toBe(true);
    } finally {
      await sup.close();
      fs.rmSync(supDir, { recursive: true, force: true });
    }
  });

  it('a red flag requires step-up before anything opens, even after two matches', async () => {
    await call('verification.check', { patientId, identifier: 'name', value: onFile.name });
    const verified = await call('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
    expect(verified.status).toBe('verified');
    const flagged = await call('verification.flag', { patientId, flag: 'changeThenDisclose', on: true });
    expect(flagged).toMatchObject({ status: 'unverified', redFlags: ['changeThenDisclose'], recommendation: 'privacyOfficer', visibleSections: [] });
    expect(flagged.patientProgress.requiredMatches).toBe(3);
    expect((await call('patients.view', { patientId })).summary.patient.birthDate).toBeNull();
    // Clearing the flag does not take the step-up back: it was raised on this call.
    const cleared = await call('verification.flag', { patientId, flag: 'changeThenDisclose', on: false });
    expect(cleared).toMatchObject({ status: 'unverified', recommendation: null, visibleSections: [] });
    const stepped = await call('verification.check', { patientId, identifier: 'mrn', value: onFile.mrn });
    expect(stepped.status).toBe('verified');
    expect(stepped.visibleSections).toContain('demographics');
  });

  it('rejects bad input with clear errors', async () => {
    for (const [channel, args] of [
      ['verification.check', { patientId, identifier: 'shoeSize', value: '42' }],
      ['verification.check', { patientId, identifier: 'mrn', value: 'x'.repeat(301) }],
      ['verification.check', { patientId, identifier: 'mrn', value: 'x', subject: 'neighbour' }],
      ['verification.flag', { patientId, flag: 'vibes', on: true }],
      ['verification.stepUp', { patientId, request: 'everything' }],
      ['patients.view', { patientId: '../etc' }],
    ] as const) {
      const r = await dispatch(channel, args);
      expect(!r.ok && r.error.code, channel).toBe('invalidArgument');
    }
  });
});

describe('before verification the page gets only what picks the caller', () => {
  it('search by MRN, by name and date of birth, and by phone carry no date of birth and no MRN', async () => {
    const byMrn = await call('patients.search', { mrn: onFile.mrn });
    expect(byMrn.map((m) => m.patientId)).toContain(patientId);
    const byName = await call('patients.search', { name: onFile.name, birthDate: onFile.birthDate });
    const byPhone = await call('patients.lookupByPhone', { phone: onFile.phone });
    // As typed: lower case, spaced, with the MRN label; a name without a date of birth when few share it.
    const byTypedMrn = await call('patients.search', { mrn: `mrn ${onFile.mrn.toLowerCase().replace(/^mrn/, '')}` });
    expect(byTypedMrn.map((m) => m.patientId)).toContain(patientId);
    const byNameOnly = await call('patients.searchByName', { name: onFile.name });
    expect(byNameOnly.matches.map((m) => m.patientId)).toContain(patientId); // a full name is rare among 200
    for (const m of [...byMrn, ...byName, ...byPhone, ...byTypedMrn, ...byNameOnly.matches]) {
      expect(Object.keys(m).sort()).toEqual(expect.arrayContaining(['name', 'patientId', 'rank', 'via']));
      expect(m).not.toHaveProperty('birthDate');
      expect(m).not.toHaveProperty('mrn');
      expect(JSON.stringify(m)).not.toContain(onFile.birthDate);
    }
  });

  it('the screen pop carries no date of birth and no MRN', () => {
    const pop = pops.find((p) => p.callId === current!.id)!;
    expect(pop.matches.map((m) => m.patientId)).toContain(patientId);
    for (const m of pop.matches) {
      expect(m).not.toHaveProperty('birthDate');
      expect(m).not.toHaveProperty('mrn');
    }
  });

  it('clinical flags are withheld until verification; a safety warning shows from the first second', async () => {
    const row = services.store.connection().prepare("SELECT patient_id AS id FROM resource WHERE type = 'Flag' AND json LIKE '%Fall risk%' LIMIT 1").get() as
      { id: string } | undefined;
    expect(row, 'the demo data has a fall-risk flag').toBeTruthy();
    const before = await call('patients.view', { patientId: row!.id });
    expect(JSON.stringify(before.summary.flags)).not.toContain('Fall risk');
    for (const f of before.summary.flags) expect(f.category).toBe('safety');
    const p = services.patients.summary(row!.id, { actor: 'test', reason: 'test fixture' }).patient;
    await call('verification.check', { patientId: row!.id, identifier: 'name', value: p.name });
    await call('verification.check', { patientId: row!.id, identifier: 'mrn', value: p.mrn! });
    const after = await call('patients.view', { patientId: row!.id });
    expect(JSON.stringify(after.summary.flags)).toContain('Fall risk');
  });
});

describe('verification belongs to the caller’s call', () => {
  it('a consult leg or a lead’s monitoring leg ending never touches it; the caller’s hang-up ends the checks', async () => {
    await call('verification.check', { patientId, identifier: 'name', value: onFile.name });
    await call('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
    expect(services.verification.callerStatus()).toBe('verified');
    const consult = ringIn(services, '+15550199777', 'consult');
    consult.hangup(); // unanswered escalation
    const monitor = ringIn(services, '+15550199778', 'monitor');
    monitor.answer();
    monitor.hangup(); // the lead's listen leg ends
    const still = await call('patients.view', { patientId });
    expect(still.verification).toMatchObject({ status: 'verified', live: true, callId: current!.id });
    expect(still.summary.patient.birthDate).toBe(onFile.birthDate);
    expect(services.verification.callerStatus()).toBe('verified');
    expect(services.phone.presenceExtras().verification).toBe('verified');
    current!.hangup();
    expect(services.verification.callerStatus()).toBe('none');
    expect(services.phone.presenceExtras().verification).toBe('none');
  });

  it('a failure is not erased by another leg ending either', async () => {
    await call('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-1' });
    await call('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-2' });
    const consult = ringIn(services, '+15550199779', 'consult');
    consult.answer();
    consult.hangup(); // the target hangs up
    expect((await call('verification.get', { patientId })).status).toBe('failed');
    expect(services.verification.callerStatus()).toBe('failed');
  });

  it('every change is pushed to the page, and the end of the call’s work drops what it unlocked', async () => {
    const from = updates.length;
    await call('verification.check', { patientId, identifier: 'name', value: onFile.name });
    await call('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
    const pushed = updates.slice(from).filter((u) => u.callId === current!.id && u.patientId === patientId);
    expect(pushed.map((u) => u.state?.status)).toEqual(['unverified', 'verified']);
    current!.hangup();
    // Wrap-up: the record stays for the notes, but nothing more can be checked.
    const wrap = await call('patients.view', { patientId });
    expect(wrap.verification).toMatchObject({ status: 'verified', live: false });
    expect(updates.at(-1)).toMatchObject({ callId: current!.id, patientId, state: { live: false } });
    services.agent.set('wrapUp');
    await call('wrapUp.save', {
      callId: null,
      patientId,
      disposition: 'resolved',
      notes: '',
      followUpAt: null,
      survey: false,
      handleSeconds: 30,
      afterCallSeconds: 5,
    });
    expect(updates.at(-1)).toEqual({ callId: current!.id, patientId: null, state: null });
    const after = await call('patients.view', { patientId });
    expect(after.verification).toMatchObject({ status: 'unverified', callId: null, visibleSections: [] });
    expect(after.summary.patient.birthDate).toBeNull();
  });

  it('with a caller on hold and another answered, each call keeps its own checks', async () => {
    await call('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-1' });
    await call('verification.check', { patientId, identifier: 'mrn', value: 'WRONG-2' });
    const first = current!;
    services.events.emit('call.changed', { ...first.view(), state: 'held', heldSince: new Date().toISOString() });
    const second = answeredCall(services, '+15550199003');
    expect(await call('verification.get', { patientId })).toMatchObject({ callId: second.id, status: 'unverified', mismatches: 0 });
    second.hangup();
    services.events.emit('call.changed', { ...first.view(), state: 'active', heldSince: null });
    expect(await call('verification.get', { patientId })).toMatchObject({ callId: first.id, status: 'failed', live: true });
  });

  it('the next caller ringing ends the previous call’s work', async () => {
    await call('verification.check', { patientId, identifier: 'name', value: onFile.name });
    await call('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
    const first = current!;
    first.hangup();
    current = ringIn(services, '+15550199002');
    expect(updates.some((u) => u.callId === first.id && u.state === null)).toBe(true);
    expect((await call('patients.view', { patientId })).summary.patient.birthDate).toBeNull();
    current.answer();
  });
});

describe('callers acting for the patient', () => {
  const today = new Date().toISOString().slice(0, 10);
  const proxyWith = (want: 'valid' | 'invalid') => {
    const ids = (services.store.connection().prepare('SELECT id FROM patient_index').all() as { id: string }[]).map((r) => r.id);
    for (const id of ids) {
      const s = services.patients.summary(id, { actor: 'test', reason: 'test fixture' });
      // Adults only: a parent of a minor is a personal representative, consent or not (see verification-representatives).
      if (!s.patient.birthDate || (ageOn(s.patient.birthDate, new Date()) ?? 0) < 18) continue;
      for (const p of s.proxies) {
        const c = p.consent;
        const valid =
          !!c && c.status === 'active' && (!c.periodEnd || c.periodEnd.slice(0, 10) >= today) && (!c.periodStart || c.periodStart.slice(0, 10) <= today);
        if ((want === 'valid') === valid) return { patient: s.patient, proxy: p };
      }
    }
    return null;
  };

  it('someone not on file, or with expired or no consent, is refused and the privacy officer recommended', async () => {
    const stranger = await call('verification.caller', { patientId, kind: 'proxy', name: 'Totally Unknown Person' });
    expect(stranger).toMatchObject({ status: 'failed', recommendation: 'privacyOfficer', caller: { consent: 'notOnFile' } });
    newCall();
    const found = proxyWith('invalid');
    if (found) {
      const r = await call('verification.caller', { patientId: found.patient.id, kind: 'proxy', name: found.proxy.name });
      expect(r.status).toBe('failed');
      expect(['expired', 'none']).toContain(r.caller.kind === 'proxy' && r.caller.consent);
    }
  });
});
