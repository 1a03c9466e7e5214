// Identity verification through the real dispatcher and the real encrypted store: nothing protected
// leaves main before two identifiers match; what unlocks follows the role; failures and red flags
// recommend the privacy officer; every outcome is in the audit log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { ageOn } from '../../../shared/domain/age';

let dir: string;
let services: Services;
let dispatch: Dispatch;
let patientId: string;
let onFile: { name: string; mrn: string; birthDate: string };

async function call<T>(channel: string, args: unknown): Promise<T> {
  const r = await dispatch(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-verify-'));
  services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 200 });
  dispatch = createDispatch(buildHandlers(services));
  patientId = (services.cache.connection().prepare('SELECT id FROM patient_index WHERE birth_date IS NOT NULL AND mrn IS NOT NULL LIMIT 1').get() as { id: string }).id;
  const p = services.cache.summary(patientId, { actor: 'test', reason: 'test fixture' }).patient;
  onFile = { name: p.name, mrn: p.mrn!, birthDate: p.birthDate! };
});

afterAll(async () => {
  await services?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('verification', () => {
  it('sends nothing protected before verification, then what the front-desk role needs', async () => {
    services.verification.reset();
    const before = await call<any>('patients.view', { patientId });
    expect(before.verification.status).toBe('unverified');
    expect(before.summary.patient).toMatchObject({ name: onFile.name, mrn: null, birthDate: null, phones: [], address: null });
    expect(before.summary.appointments).toEqual([]);
    expect(before.summary.invoices).toEqual([]);

    const one = await call<any>('verification.check', { patientId, identifier: 'mrn', value: onFile.mrn.toLowerCase() });
    expect(one).toMatchObject({ status: 'unverified', results: { mrn: 'match' }, visibleSections: [] });
    const two = await call<any>('verification.check', { patientId, identifier: 'birthDate', value: onFile.birthDate });
    expect(two.status).toBe('verified');
    expect(two.visibleSections).toContain('appointments');
    expect(two.visibleSections).not.toContain('billing'); // minimum necessary for the front desk

    const after = await call<any>('patients.view', { patientId });
    expect(after.summary.patient.mrn).toBe(onFile.mrn);
    expect(after.summary.invoices).toEqual([]);
    const audit = services.cache.audit.recent(20).map((e: any) => JSON.stringify(e));
    expect(audit.some((e: string) => e.includes('identity verified'))).toBe(true);
  });

  it('fails after two mismatches, refuses further checks and recommends the privacy officer', async () => {
    services.verification.reset();
    await call('verification.check', { patientId, identifier: 'name', value: 'Somebody Else' });
    const failed = await call<any>('verification.check', { patientId, identifier: 'birthDate', value: '1901-01-01' });
    expect(failed).toMatchObject({ status: 'failed', recommendation: 'privacyOfficer', visibleSections: [] });
    const refused = await dispatch('verification.check', { patientId, identifier: 'mrn', value: onFile.mrn });
    expect(!refused.ok && refused.error.code).toBe('forbidden');
    const view = await call<any>('patients.view', { patientId });
    expect(view.summary.patient.mrn).toBeNull();
    expect(services.cache.audit.recent(20).map((e: any) => JSON.stringify(e)).some((e: string) => e.includes('identity failed'))).toBe(true);
  });

  it('a red flag recommends the privacy officer even while identifiers match', async () => {
    services.verification.reset();
    const flagged = await call<any>('verification.flag', { patientId, flag: 'changeThenDisclose', on: true });
    expect(flagged).toMatchObject({ redFlags: ['changeThenDisclose'], recommendation: 'privacyOfficer' });
    const cleared = await call<any>('verification.flag', { patientId, flag: 'changeThenDisclose', on: false });
    expect(cleared.recommendation).toBeNull();
  });

  it('rejects bad input with clear errors', async () => {
    for (const [channel, args] of [
      ['verification.check', { patientId, identifier: 'shoeSize', value: '42' }],
      ['verification.check', { patientId, identifier: 'mrn', value: 'x'.repeat(301) }],
      ['verification.flag', { patientId, flag: 'vibes', on: true }],
      ['patients.view', { patientId: '../etc' }],
    ] as const) {
      const r = await dispatch(channel, args);
      expect(!r.ok && r.error.code, channel).toBe('invalidArgument');
    }
  });
});

describe('callers acting for the patient', () => {
  const today = new Date().toISOString().slice(0, 10);
  const proxyWith = (want: 'valid' | 'invalid') => {
    const ids = (services.cache.connection().prepare('SELECT id FROM patient_index').all() as { id: string }[]).map((r) => r.id);
    for (const id of ids) {
      const s = services.cache.summary(id, { actor: 'test', reason: 'test fixture' });
      // Adults only: a parent of a minor is a personal representative, consent or not (see verification-representatives).
      if (!s.patient.birthDate || (ageOn(s.patient.birthDate, new Date()) ?? 0) < 18) continue;
      for (const p of s.proxies) {
        const c = p.consent;
        const valid = !!c && c.status === 'active' && (!c.periodEnd || c.periodEnd.slice(0, 10) >= today) && (!c.periodStart || c.periodStart.slice(0, 10) <= today);
        if ((want === 'valid') === valid) return { patient: s.patient, proxy: p };
      }
    }
    return null;
  };

  it('a proxy on file with valid consent, once the patient is identified, hears only what the consent covers', async () => {
    services.verification.reset();
    const found = proxyWith('valid');
    expect(found, 'the demo data has a proxy with valid consent').not.toBeNull();
    const { patient, proxy } = found!;
    const who = await call<any>('verification.caller', { patientId: patient.id, kind: 'proxy', name: proxy.name });
    expect(who.caller).toMatchObject({ kind: 'proxy', relatedPersonId: proxy.relatedPersonId, consent: 'valid' });
    await call('verification.check', { patientId: patient.id, identifier: 'mrn', value: patient.mrn });
    const done = await call<any>('verification.check', { patientId: patient.id, identifier: 'birthDate', value: patient.birthDate });
    expect(done.status).toBe('verified');
    expect(done.visibleSections).toContain('demographics');
    if (!proxy.consent!.scope.includes('clinical')) expect(done.visibleSections).not.toContain('referrals');
    expect(done.visibleSections).not.toContain('proxies');
  });

  it('someone not on file, or with expired or no consent, is refused and the privacy officer recommended', async () => {
    services.verification.reset();
    const stranger = await call<any>('verification.caller', { patientId, kind: 'proxy', name: 'Totally Unknown Person' });
    expect(stranger).toMatchObject({ status: 'failed', recommendation: 'privacyOfficer', caller: { consent: 'notOnFile' } });
    services.verification.reset();
    const found = proxyWith('invalid');
    if (found) {
      const r = await call<any>('verification.caller', { patientId: found.patient.id, kind: 'proxy', name: found.proxy.name });
      expect(r.status).toBe('failed');
      expect(['expired', 'none']).toContain(r.caller.consent);
    }
  });
});
