/**
 * Billing disputes and referral follow-ups raised from the patient view, through the desk's own services and
 * dispatcher (the page's way in), on a real encrypted store connected to the real HAPI FHIR R4 server: refused
 * (`notVerified`, audited, nothing queued) until the caller on the agent's call is verified for the section; refused
 * (`notFound`) for another patient's invoice or referral; once allowed, the Task reaches the server focused on the
 * Invoice or ServiceRequest, in the billing or referrals pool, for the patient, with the number the caller called
 * from, and shows on the team's list with its kind and what it is about.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, FhirResource, Invoice, Patient, ServiceRequest, Task } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EhrSyncStateRepository, keyFileProvider, openStore, ServerCopyRepository, type AuditEvent } from '../../../electron/cache';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { writeSyncPoint } from '../../../electron/ehr/sync-state';
import { CLIENT_ID_SYSTEM } from '../../../electron/ehr/write-back-mapping';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { WORKLIST_SYSTEMS } from '../../../electron/worklist/task-mapping';
import { DEFAULT_WORKLIST_POLICY } from '../../../electron/worklist/worklist-policy';
import type { WorklistItem } from '../../../shared/domain/worklist';
import type { ArgsOf, ChannelName } from '../../../shared/ipc/contract';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { invoke } from '../app/invoke';
import { answeredCall } from '../app/caller-call';
import { ifSetUp } from '../../if-set-up';

const info = fhirServerInfo();
const DAY = 86_400_000;
const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };

interface Seeded {
  patientId: string;
  otherPatientId: string;
  mrn: string;
  invoiceId: string;
  otherInvoiceId: string;
  referralId: string;
  otherReferralId: string;
}

/** Two patients on the server, each with an invoice and a referral; identifiers fresh for each run. */
async function seed(client: FhirClient): Promise<{ seeded: Seeded; resources: FhirResource[] }> {
  const run = randomUUID();
  const patient = (given: string): Patient => ({
    resourceType: 'Patient',
    identifier: [{ type: MR, system: 'urn:carefront:test:mrn', value: `${given}-${run}` }],
    name: [{ family: 'Haddad', given: [given] }],
    birthDate: '1975-09-02',
  });
  const post = (resource: FhirResource, fullUrl: string): BundleEntry => ({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
  const invoice = (subject: string): Invoice => ({
    resourceType: 'Invoice',
    status: 'issued',
    subject: { reference: subject },
    date: '2026-11-02',
    totalGross: { value: 240.5, currency: 'USD' },
  });
  const referral = (subject: string): ServiceRequest => ({
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: subject },
    code: { text: 'Referral to physiotherapy' },
    authoredOn: '2026-11-20',
  });
  const answer: Bundle = await client.transaction({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      post(patient('Layla'), 'urn:uuid:p1'),
      post(patient('Omar'), 'urn:uuid:p2'),
      post(invoice('urn:uuid:p1'), 'urn:uuid:i1'),
      post(invoice('urn:uuid:p2'), 'urn:uuid:i2'),
      post(referral('urn:uuid:p1'), 'urn:uuid:s1'),
      post(referral('urn:uuid:p2'), 'urn:uuid:s2'),
    ],
  });
  const ids = (answer.entry ?? []).map((e) => /^[A-Za-z]+\/([A-Za-z0-9\-.]+)/.exec(e.response?.location ?? '')?.[1] ?? '');
  const [patientId, otherPatientId, invoiceId, otherInvoiceId, referralId, otherReferralId] = ids as [string, string, string, string, string, string];
  const types = ['Patient', 'Patient', 'Invoice', 'Invoice', 'ServiceRequest', 'ServiceRequest'] as const;
  const resources = await Promise.all(ids.map((id, i) => client.read(types[i]!, id)));
  return { seeded: { patientId, otherPatientId, mrn: `Layla-${run}`, invoiceId, otherInvoiceId, referralId, otherReferralId }, resources };
}

describe.skipIf(!info.baseUrl)(
  info.baseUrl ? 'billing disputes and referral follow-ups from the patient view, on a real HAPI FHIR R4 server' : `focused tasks: SKIPPED, ${info.reason}`,
  () => {
    let dir: string;
    let client: FhirClient;
    let seeded: Seeded;
    let services: Services;
    let dispatch: Dispatch;
    const callerNumber = `+1415${String(Date.now()).slice(-7)}`;
    const send = <C extends ChannelName>(channel: C, args: ArgsOf<C>) => invoke(dispatch, channel, args);
    const queued = () => services.ehr.worker!.status().waiting;
    const createRows = (): AuditEvent[] =>
      services.audit.recent(100).filter((e) => e.subtype[0]?.code === 'worklist' && e.purposeOfEvent[0]!.text.endsWith('worklist create'));
    const refusedWith = async (channel: 'worklist.raise', args: ArgsOf<'worklist.raise'>, code: string) => {
      const before = queued();
      const rows = createRows().length;
      const r = await dispatch(channel, args);
      expect(!r.ok && r.error.code).toBe(code);
      expect(queued()).toBe(before);
      const row = createRows()[0]!;
      expect(createRows().length).toBe(rows + 1);
      expect([row.outcome, row.outcomeDesc]).toEqual(['4', 'denied']);
      return row;
    };

    /** Sends what the desk's outbox holds (bounded), then the Task the desk queued, as the server holds it. */
    async function onServer(clientId: string): Promise<Task> {
      const worker = services.ehr.worker!;
      for (const deadline = Date.now() + 45_000; worker.status().waiting > 0;) {
        await worker.drain();
        if (Date.now() > deadline) throw new Error(`the outbox still holds ${worker.status().waiting} writes`);
        if (worker.status().waiting > 0) await new Promise((r) => setTimeout(r, 250));
      }
      const found = await client.search<Task>('Task', { identifier: `${CLIENT_ID_SYSTEM}|${clientId}` });
      expect(found.resources).toHaveLength(1);
      return found.resources[0]!;
    }

    /** The desk's own list (the page's), read until the Task is there (the server may index it a moment later). */
    async function listed(taskId: string): Promise<WorklistItem> {
      for (const deadline = Date.now() + 30_000; ;) {
        const item = (await send('worklist.list', {})).items.find((i) => i.id === taskId);
        if (item) return item;
        if (Date.now() > deadline) throw new Error(`Task/${taskId} is not on the list`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }

    beforeAll(async () => {
      const baseUrl = await waitForFhirServer(info);
      client = new FhirClient({ baseUrl });
      const made = await seed(client);
      seeded = made.seeded;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-focused-'));
      // A desk whose store is connected to the server (as the admin CLI leaves it) and has had its first load.
      const keys = keyFileProvider(path.join(dir, 'demo.key'));
      const store = openStore({ path: path.join(dir, 'demo.db'), keyProvider: keys });
      new EhrConnectionStore(dir, new SecretBox(keys.readKey()!)).save({ baseUrl, auth: { kind: 'none' } });
      writeSyncPoint(new EhrSyncStateRepository(store), new Date().toISOString());
      store.close();
      // A supervisor's desk sees referrals once the caller is verified, billing only after a step-up.
      services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 0, role: 'supervisor' });
      dispatch = createDispatch(buildHandlers(services));
      // The patients, their invoices and referrals as the sync brings them from the server.
      new ServerCopyRepository(services.store).apply(made.resources, 'sync');
    }, FHIR_READY_TIMEOUT_MS + 60_000);

    afterAll(async () => {
      await ifSetUp(services, (s) => s.close());
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('refuses both with no caller’s call and before the caller is verified: coded, audited, nothing queued', async () => {
      const { patientId, invoiceId, referralId } = seeded;
      const noCall = await refusedWith(
        'worklist.raise',
        { kind: 'billing-dispute', patientId, invoiceId, reason: 'Charged twice for one visit' },
        'notVerified',
      );
      expect(noCall.entity.map((e) => e.what.reference)).toEqual(expect.arrayContaining([`Patient/${patientId}`, `Invoice/${invoiceId}`]));
      answeredCall(services, callerNumber);
      const view = await send('patients.view', { patientId });
      // Masked before verification: no invoice or referral reaches the page, so neither can be picked.
      expect([view.summary.invoices, view.summary.referrals]).toEqual([[], []]);
      await refusedWith('worklist.raise', { kind: 'billing-dispute', patientId, invoiceId, reason: 'Charged twice for one visit' }, 'notVerified');
      const referral = await refusedWith('worklist.raise', { kind: 'referral-follow-up', patientId, serviceRequestId: referralId }, 'notVerified');
      expect(referral.entity.map((e) => e.what.reference)).toContain(`ServiceRequest/${referralId}`);
      // A reason that is missing, too short or too long is refused before anything runs.
      for (const reason of [undefined, ' a ', 'x'.repeat(281), 'two\nlines']) {
        const r = await dispatch('worklist.raise', { kind: 'billing-dispute', patientId, invoiceId, ...(reason === undefined ? {} : { reason }) });
        expect(!r.ok && r.error.code).toBe('invalidArgument');
      }
    });

    it('verified for referrals: a follow-up of the patient’s referral reaches the server, for the referrals pool, and the list', async () => {
      const { patientId, referralId, otherReferralId } = seeded;
      await send('verification.check', { patientId, identifier: 'name', value: 'Layla Haddad' });
      const verified = await send('verification.check', { patientId, identifier: 'birthDate', value: '1975-09-02' });
      expect(verified.status).toBe('verified');
      expect(verified.visibleSections).toContain('referrals');
      expect(verified.visibleSections).not.toContain('billing');
      const view = await send('patients.view', { patientId });
      const shown = view.summary.referrals.find((r) => r.id === referralId);
      // From the server, with its version: the page offers the action.
      expect(shown?.version).toBeTruthy();

      // Another patient's referral: refused, nothing queued.
      await refusedWith('worklist.raise', { kind: 'referral-follow-up', patientId, serviceRequestId: otherReferralId }, 'notFound');

      const raised = await send('worklist.raise', {
        kind: 'referral-follow-up',
        patientId,
        serviceRequestId: referralId,
        reason: 'Clinic has not called back',
      });
      expect(raised).toMatchObject({ kind: 'referral-follow-up', focus: { type: 'ServiceRequest', id: referralId } });
      const due = Date.parse(raised.due) - Date.now();
      expect(Math.round(due / DAY)).toBe(DEFAULT_WORKLIST_POLICY.referralFollowUpDueDays);
      const task = await onServer(raised.clientId);
      expect(task.focus?.reference).toBe(`ServiceRequest/${referralId}`);
      expect(task.for?.reference).toBe(`Patient/${patientId}`);
      expect(task.meta?.tag).toContainEqual(expect.objectContaining({ system: WORKLIST_SYSTEMS.pool, code: 'referrals' }));
      expect(task.owner?.identifier).toEqual({ system: WORKLIST_SYSTEMS.pool, value: 'referrals' });
      expect(task.code?.coding?.[0]).toMatchObject({ system: WORKLIST_SYSTEMS.kind, code: 'referral-follow-up' });
      const item = await listed(task.id!);
      expect(item).toMatchObject({
        kind: 'referral-follow-up',
        pool: 'referrals',
        status: 'open',
        patient: { id: patientId, name: 'Layla Haddad' },
        number: callerNumber,
        focus: { type: 'ServiceRequest', id: referralId },
        reason: 'Clinic has not called back',
      });
      const row = createRows()[0]!;
      expect([row.outcome, row.entity.map((e) => e.what.reference)]).toEqual([
        '0',
        expect.arrayContaining([`Patient/${patientId}`, `ServiceRequest/${referralId}`]),
      ]);
    }, 90_000);

    it('billing opens after the step-up: a dispute of the patient’s invoice reaches the server, for the billing pool, and the list', async () => {
      const { patientId, invoiceId, otherInvoiceId } = seeded;
      // Verified, but billing is behind a step-up on this desk's policy: still refused.
      await refusedWith('worklist.raise', { kind: 'billing-dispute', patientId, invoiceId, reason: 'Charged twice for one visit' }, 'notVerified');
      await send('verification.stepUp', { patientId, request: 'billing' });
      const stepped = await send('verification.check', { patientId, identifier: 'mrn', value: seeded.mrn });
      expect(stepped.visibleSections).toContain('billing');
      const view = await send('patients.view', { patientId });
      expect(view.summary.invoices.find((i) => i.id === invoiceId)?.version).toBeTruthy();

      // Another patient's invoice: refused, nothing queued.
      const other = await refusedWith(
        'worklist.raise',
        { kind: 'billing-dispute', patientId, invoiceId: otherInvoiceId, reason: 'Not my invoice' },
        'notFound',
      );
      expect(other.entity.map((e) => e.what.reference)).toContain(`Invoice/${otherInvoiceId}`);

      const raised = await send('worklist.raise', { kind: 'billing-dispute', patientId, invoiceId, reason: '  Charged twice for one visit ' });
      expect(Math.round((Date.parse(raised.due) - Date.now()) / DAY)).toBe(DEFAULT_WORKLIST_POLICY.billingDisputeDueDays);
      const task = await onServer(raised.clientId);
      expect(task.focus?.reference).toBe(`Invoice/${invoiceId}`);
      expect(task.for?.reference).toBe(`Patient/${patientId}`);
      expect(task.meta?.tag).toContainEqual(expect.objectContaining({ system: WORKLIST_SYSTEMS.pool, code: 'billing' }));
      expect(task.owner?.identifier).toEqual({ system: WORKLIST_SYSTEMS.pool, value: 'billing' });
      expect(task.description).toBe('Charged twice for one visit');
      const item = await listed(task.id!);
      expect(item).toMatchObject({
        kind: 'billing-dispute',
        pool: 'billing',
        patient: { id: patientId, name: 'Layla Haddad' },
        number: callerNumber,
        focus: { type: 'Invoice', id: invoiceId },
        reason: 'Charged twice for one visit',
      });
    }, 90_000);
  },
);
