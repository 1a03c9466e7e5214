/**
 * The FHIR client against a real HAPI FHIR R4 JPA server (test/fhir-server, started once per run): capability,
 * conditional create, versioned update and its conflict, delete, history, paged search, _lastUpdated, Bulk Data
 * export kick-off, and the coded errors (no patient data in their messages).
 */
import { randomUUID } from 'node:crypto';
import type { Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { FhirError } from '../../../electron/ehr/fhir-error';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';

const info = fhirServerInfo();
const SYSTEM = 'urn:carefront:test:mrn';

/** A patient with a fresh identifier of its own (tests share one server). */
const newPatient = (family = 'Okonkwo'): Patient & { identifier: [{ system: string; value: string }] } => ({
  resourceType: 'Patient',
  identifier: [{ system: SYSTEM, value: randomUUID() }],
  name: [{ family, given: ['Ada'] }],
  birthDate: '1984-03-09',
});

async function codeOf(promise: Promise<unknown>): Promise<FhirError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FhirError);
  return err as FhirError;
}

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'FHIR client against a real HAPI FHIR R4 server' : `FHIR client: SKIPPED, ${info.reason}`, () => {
  let client: FhirClient;
  beforeAll(async () => {
    client = new FhirClient({ baseUrl: await waitForFhirServer(info) });
  }, FHIR_READY_TIMEOUT_MS + 10_000);

  it('the server speaks FHIR R4 (4.0.1) and offers Bulk Data $export', async () => {
    const cs = await client.capabilities();
    expect(cs.fhirVersion).toBe('4.0.1');
    const operations = (cs.rest?.[0]?.operation ?? []).map((o) => o.name);
    expect(operations).toContain('export');
    const patient = cs.rest?.[0]?.resource?.find((r) => r.type === 'Patient');
    expect(patient?.interaction?.map((i) => i.code)).toEqual(expect.arrayContaining(['read', 'update', 'delete', 'history-instance', 'search-type']));
    expect(patient?.conditionalCreate).toBe(true);
    expect(patient?.versioning).toMatch(/versioned/);
  });

  it('conditional create twice makes one resource: the second answer is the first resource, not a copy', async () => {
    const p = newPatient();
    const query = `identifier=${SYSTEM}|${p.identifier[0].value}`;
    const first = await client.createIfNoneExist(p, query);
    const second = await client.createIfNoneExist(p, query);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.resource.id).toBe(first.resource.id);
    expect(second.versionId).toBe(first.versionId);
    const found = await client.search('Patient', { identifier: `${SYSTEM}|${p.identifier[0].value}` });
    expect(found.resources.map((r) => r.id)).toEqual([first.resource.id]);
  });

  it('an update with a stale If-Match is refused as a conflict and the stored version stays as it was', async () => {
    const p = newPatient();
    const made = await client.createIfNoneExist(p, `identifier=${SYSTEM}|${p.identifier[0].value}`);
    const v1 = made.versionId;
    const updated = await client.update({ ...made.resource, birthDate: '1984-03-10' }, v1);
    expect(updated.versionId).not.toBe(v1);
    expect(updated.resource.birthDate).toBe('1984-03-10');
    const err = await codeOf(client.update({ ...made.resource, birthDate: '1999-01-01' }, v1));
    expect(err.code).toBe('ehrConflict');
    expect([409, 412]).toContain(err.status);
    const now = await client.read<Patient>('Patient', made.resource.id!);
    expect(now.meta?.versionId).toBe(updated.versionId);
    expect(now.birthDate).toBe('1984-03-10');
  });

  it('history lists every version newest first, and a deletion; a deleted resource reads as not found', async () => {
    const p = newPatient();
    const made = await client.createIfNoneExist(p, `identifier=${SYSTEM}|${p.identifier[0].value}`);
    const id = made.resource.id!;
    await client.update({ ...made.resource, gender: 'female' }, made.versionId);
    await client.delete('Patient', id);
    const err = await codeOf(client.read('Patient', id));
    expect(err.code).toBe('notFound');
    expect(err.status).toBe(410);
    const { entries, complete } = await client.history({ type: 'Patient', id });
    expect(complete).toBe(true);
    expect(entries.map((e) => [e.versionId, e.method])).toEqual([
      ['3', 'DELETE'],
      ['2', 'PUT'],
      ['1', 'POST'],
    ]);
    expect(entries[0]!.resource).toBeUndefined();
    expect((entries[1]!.resource as Patient).gender).toBe('female');
  });

  it('a search follows next links page by page, and stops (incomplete) at its page bound', async () => {
    const family = `Pagewalk${randomUUID().slice(0, 8)}`;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const p = newPatient(family);
      made.push((await client.createIfNoneExist(p, `identifier=${SYSTEM}|${p.identifier[0].value}`)).resource.id!);
    }
    const all = await client.search('Patient', { family, _count: 2 });
    expect(all.pages).toBe(4);
    expect(all.complete).toBe(true);
    expect(all.resources.map((r) => r.id).sort()).toEqual([...made].sort());
    const bounded = await client.search('Patient', { family, _count: 2 }, { maxPages: 2 });
    expect(bounded.pages).toBe(2);
    expect(bounded.complete).toBe(false);
    expect(bounded.resources).toHaveLength(4);
  });

  it('_lastUpdated finds what changed since an instant, and only that', async () => {
    const family = `Since${randomUUID().slice(0, 8)}`;
    const old = newPatient(family);
    await client.createIfNoneExist(old, `identifier=${SYSTEM}|${old.identifier[0].value}`);
    await new Promise((r) => setTimeout(r, 1100));
    const since = new Date().toISOString();
    const fresh = newPatient(family);
    const made = await client.createIfNoneExist(fresh, `identifier=${SYSTEM}|${fresh.identifier[0].value}`);
    const found = await client.search('Patient', { family, _lastUpdated: `ge${since}` });
    expect(found.resources.map((r) => r.id)).toEqual([made.resource.id]);
  });

  it('a conditional create matching two resources is a conflict whose message carries no patient data', async () => {
    // Two patients share one identifier (each created under a query it satisfies alone); HAPI's diagnostics echo
    // the query, so the coded error must keep only the issue codes.
    const value = randomUUID();
    for (const family of ['Zyxwvutsrq', 'Qponmlkjih']) {
      const p = newPatient(family);
      p.identifier[0].value = value;
      expect((await client.createIfNoneExist(p, `identifier=${SYSTEM}|${value}&family=${family}`)).created).toBe(true);
    }
    const err = await codeOf(client.createIfNoneExist(newPatient(), `identifier=${SYSTEM}|${value}`));
    expect(err.code).toBe('ehrConflict');
    expect(err.status).toBe(412);
    expect(err.issues.length).toBeGreaterThan(0);
    for (const secret of [value, 'Zyxwvutsrq', 'Qponmlkjih', 'Okonkwo', SYSTEM]) expect(err.message).not.toContain(secret);
  });

  it('the Bulk Data $export kick-off (system and Patient level) answers 202 with a Content-Location to poll', async () => {
    const base = client.baseUrl;
    for (const url of [`${base}/$export?_type=Patient`, `${base}/Patient/$export`]) {
      const res = await fetch(url, { headers: { Accept: 'application/fhir+json', Prefer: 'respond-async' } });
      await res.arrayBuffer();
      expect(res.status, url).toBe(202);
      const poll = res.headers.get('content-location');
      expect(poll).toMatch(/\$export-poll-status\?_jobId=/);
      expect(new URL(poll!).origin).toBe(new URL(base).origin);
      const status = await fetch(poll!, { headers: { Accept: 'application/fhir+json' } });
      await status.arrayBuffer();
      expect([200, 202]).toContain(status.status);
    }
  });

  it('a server that does not answer is a coded unreachable error', async () => {
    const closed = new FhirClient({ baseUrl: 'http://127.0.0.1:9/fhir', timeoutMs: 5_000 });
    const err = await codeOf(closed.read('Patient', 'x1'));
    expect(err.code).toBe('ehrUnreachable');
  });

  it('sends the Authorization value the authorize function gives, on every page of a walk', async () => {
    const seen: number[] = [];
    const authed = new FhirClient({
      baseUrl: client.baseUrl,
      authorize: () => {
        seen.push(Date.now());
        return Promise.resolve('Bearer test-token');
      },
    });
    const family = `Auth${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i++) {
      const p = newPatient(family);
      await authed.createIfNoneExist(p, `identifier=${SYSTEM}|${p.identifier[0].value}`);
    }
    const found = await authed.search('Patient', { family, _count: 1 });
    expect(found.resources).toHaveLength(3);
    expect(seen).toHaveLength(3 + found.pages);
  });
});
