// Wrap-up through the real dispatcher into the real encrypted store: saved as a FHIR Communication
// that shows in the patient's history; invalid wrap-ups are refused and nothing is written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { ifSetUp } from '../../if-set-up';
import type { Communication } from 'fhir/r4';
import type { WrapUpSaved } from '../../../shared/domain/wrap-up';
import type { ServedGuide } from '../../../shared/guides/schema';

let dir: string;
let services: Services;
let dispatch: Dispatch;
let patientId: string;

const base = {
  callId: 'call-1',
  disposition: 'resolved',
  notes: 'Explained the co-pay on the March invoice.',
  followUpAt: null,
  survey: true,
  handleSeconds: 312,
  afterCallSeconds: 41,
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-wrapup-'));
  services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 20 });
  dispatch = createDispatch(buildHandlers(services));
  patientId = (services.store.connection().prepare('SELECT id FROM patient_index LIMIT 1').get() as { id: string }).id;
});

afterAll(async () => {
  await ifSetUp(services, (s) => s.close());
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('wrap-up', () => {
  it('is saved as a Communication in the patient history and leaves wrap-up (offline here: no phone can take a call)', async () => {
    services.agent.set('wrapUp');
    const before = services.patients.summary(patientId, { actor: 'test', reason: 'test' }).history.length;
    const saved = await dispatch('wrapUp.save', { ...base, patientId });
    expect(saved.ok).toBe(true);
    const id = (saved as { ok: true; value: { communicationId: string } }).value.communicationId;
    const history = services.patients.summary(patientId, { actor: 'test', reason: 'test' }).history;
    expect(history.length).toBe(before + 1);
    const entry = history.find((h) => h.id === id)!;
    expect(entry).toMatchObject({ kind: 'communication', status: 'completed', summary: base.notes });
    expect(services.agent.get().state).toBe('offline');
  });

  it('keeps a promised callback and refuses a follow-up without a time or in the past', async () => {
    const missing = await dispatch('wrapUp.save', { ...base, patientId, disposition: 'followUpNeeded' });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error.issues?.[0]?.path).toBe('followUpAt');
    const past = await dispatch('wrapUp.save', { ...base, patientId, disposition: 'followUpNeeded', followUpAt: '2001-01-01T09:00:00Z' });
    expect(!past.ok && past.error.code).toBe('invalidArgument');
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const ok = await dispatch('wrapUp.save', { ...base, patientId, disposition: 'followUpNeeded', followUpAt: future });
    expect(ok.ok).toBe(true);
    const id = ok.ok ? (ok.value as { communicationId: string }).communicationId : '';
    const row = services.store.connection().prepare("SELECT json FROM resource WHERE type = 'Communication' AND id = ?").get(id) as { json: string };
    expect(JSON.stringify((JSON.parse(row.json) as Communication).extension)).toContain(future);
  });

  it('rejects bad input without writing anything', async () => {
    const count = () => (services.store.connection().prepare("SELECT count(*) AS n FROM resource WHERE type = 'Communication'").get() as { n: number }).n;
    const before = count();
    for (const bad of [
      { ...base, patientId, disposition: 'madeUp' },
      { ...base, patientId, notes: 'x'.repeat(4001) },
      { ...base, patientId: '../../etc/passwd' },
      { ...base, patientId, handleSeconds: -1 },
      { ...base, patientId, extra: 1 },
    ]) {
      const r = await dispatch('wrapUp.save', bad);
      expect(r.ok).toBe(false);
    }
    expect(count()).toBe(before);
  });

  it('keeps the call reason and the guide walked with it; a path that is not the guide’s is refused, nothing written', async () => {
    const guide = {
      guide: 'booking',
      language: 'fr',
      path: ['greet', 'verify', 'kind', 'search', 'confirm', 'done'],
      checked: ['verify.dob'],
      finished: true,
    } as const;
    const ok = await dispatch('wrapUp.save', { ...base, patientId, callReason: 'booking', guide });
    expect(ok.ok).toBe(true);
    const id = ok.ok ? (ok.value as WrapUpSaved).communicationId : '';
    const row = services.store.connection().prepare("SELECT json FROM resource WHERE type = 'Communication' AND id = ?").get(id) as { json: string };
    const c = JSON.parse(row.json) as Communication;
    const fields = (url: string) => c.extension?.find((e) => e.url === url)?.extension?.map((f) => [f.url, f.valueCode ?? f.valueString ?? f.valueBoolean]);
    expect(fields('urn:carefront:wrap-up')).toContainEqual(['callReason', 'booking']);
    expect(fields('urn:carefront:call-guide')).toEqual([
      ['guide', 'booking'],
      ['language', 'fr'],
      ['path', 'greet verify kind search confirm done'],
      ['checked', 'verify.dob'],
      ['finished', true],
    ]);

    const count = () => (services.store.connection().prepare("SELECT count(*) AS n FROM resource WHERE type = 'Communication'").get() as { n: number }).n;
    const before = count();
    for (const bad of [
      { ...guide, path: ['greet', 'kind'] }, // skips a step
      { ...guide, path: ['verify', 'kind'], finished: false }, // not from the start
      { ...guide, path: ['greet', 'nowhere'], finished: false }, // not a step of the guide
      { ...guide, finished: false }, // at an end step, yet unfinished
      { ...guide, path: ['greet', 'verify'] }, // finished, yet not at an end step
      { ...guide, checked: ['confirm.madeUp'] }, // no such checklist item
      { ...guide, checked: ['callback.readBack'] }, // a step not walked
    ]) {
      const r = await dispatch('wrapUp.save', { ...base, patientId, callReason: 'booking', guide: bad });
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      expect(!r.ok && r.error.code).toBe('invalidArgument');
    }
    // The guide of another reason than the one picked.
    const other = await dispatch('wrapUp.save', { ...base, patientId, callReason: 'complaint', guide });
    expect(other.ok).toBe(false);
    expect(count()).toBe(before);
  });

  it('serves a reason’s guide in the desk’s language', async () => {
    const r = await dispatch('guides.get', { reason: 'referralStatus', language: 'ar' });
    expect(r.ok).toBe(true);
    expect(r.ok && (r.value as ServedGuide)).toMatchObject({ fallback: false, guide: { id: 'referralStatus', language: 'ar' } });
    const bad = await dispatch('guides.get', { reason: 'madeUp', language: 'en' });
    expect(!bad.ok && bad.error.code).toBe('invalidArgument');
  });
});
