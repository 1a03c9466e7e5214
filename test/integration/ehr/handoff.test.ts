// Context that travels with the call, with real parts: the SIP rig (Kamailio authenticates the consult INVITE that
// carries the hand-off id and asserts its sender), a real HAPI FHIR server (the hand-off record), real encrypted
// stores on both desks. The agent (alice) verifies a caller (dave) and escalates to nurse triage (carol): carol's
// desk reads the record, pops the same patient with the caller verified, and keeps it when alice completes the
// attended transfer. A forged hand-off (another desk's record id, an id with no record, a record too old) is refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Patient } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditRepository,
  ImportRepository,
  keyFileProvider,
  openStore,
  OutboxJobRepository,
  PatientRepository,
  ServerCopyRepository,
  type Store,
} from '../../../electron/cache';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { handoffRecords, handoffSearch } from '../../../electron/ehr/handoff-mapping';
import { openSiteEhr } from '../../../electron/ehr/site-connection';
import { startDeskWriteBack, type DeskWriteBack } from '../../../electron/ehr/write-back-service';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { EscalationService } from '../../../electron/main/services/escalation';
import { HandoffService, outboxDelivery } from '../../../electron/main/services/handoff';
import { PhoneService } from '../../../electron/main/services/phone';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { VerificationService } from '../../../electron/main/services/verification';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import type { CallView } from '../../../shared/domain/call';
import { SipAccountSchema } from '../../../shared/domain/phone';
import type { HandoffView } from '../../../shared/handoff/handoff';
import { VerificationPolicySchema } from '../../../shared/verification/policy';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { ifSetUp } from '../../if-set-up';
import { Kamailio, RIG_USERS, waitFor, type RigUser } from '../../rig/rig';
import { makePhone, registered, type TestPhone } from '../softphone/helpers';
import { sendRawInvite } from '../../rig/raw-sip-client';

const info = fhirServerInfo();
const policy = VerificationPolicySchema.parse(JSON.parse(fs.readFileSync(path.resolve('assets/policies/verification-default.json'), 'utf8')));

interface Desk {
  user: RigUser;
  store: Store;
  phone: PhoneService;
  verification: VerificationService;
  handoffs: HandoffService;
  escalation: EscalationService;
  ehr: DeskWriteBack;
  audit: AuditRepository;
  calls: CallView[];
  views: HandoffView[];
}

let kam: Kamailio;
let baseUrl: string;
let dir: string;
let patient: Patient & { id: string };
let alice: Desk;
let carol: Desk;
let dave: TestPhone;
let bob: TestPhone;

/** One desk, from its parts: an encrypted store holding the server's patient, the SIP phone, verification, the outbox to HAPI. */
async function desk(user: RigUser): Promise<Desk> {
  const dataDir = path.join(dir, user);
  fs.mkdirSync(dataDir);
  const keys = keyFileProvider(path.join(dataDir, 'demo.key'));
  const store = openStore({ path: path.join(dataDir, 'demo.db'), keyProvider: keys });
  new ImportRepository(store).importGenerated([patient], '(the server)');
  const key = keys.readKey()!;
  new EhrConnectionStore(dataDir, new SecretBox(key)).save({ baseUrl, auth: { kind: 'none' } });
  const link = openSiteEhr(dataDir, key).link;
  const patients = new PatientRepository(store);
  const audit = new AuditRepository(store);
  const jobs = new OutboxJobRepository(store);
  const ehr = startDeskWriteBack({ jobs, link, serverCopy: () => new ServerCopyRepository(store), dismissals: audit });
  const events = new DomainEventBus();
  const actor = `workstation-user/${user}`;
  const verification = new VerificationService(
    patients,
    audit,
    policy,
    () => actor,
    () => 'nurse',
  );
  events.on('call.changed', (c) => {
    verification.callUpdated(c);
  });
  const calls: CallView[] = [];
  events.on('call.changed', (c) => calls.push(c));
  const phone = new PhoneService(
    events,
    new AgentStatusService(events),
    () => new NodeRtpSessionDescriptionHandler(),
    (c) => {
      verification.callRang(c);
    },
  );
  const views: HandoffView[] = [];
  const handoffs = new HandoffService({
    verification,
    patients,
    audit,
    writeBack: ehr.writeBack,
    delivered: outboxDelivery(
      (id) => jobs.byClientId(id),
      (l) => ehr.worker!.onStatus(l),
    ),
    records: handoffRecords(link),
    sipUser: () => user,
    actor: () => actor,
    policy: policy.handoff,
    tell: (v) => views.push(v),
  });
  phone.onHandoff((callId, id, sender) => void handoffs.received(callId, id, sender));
  const escalation = new EscalationService(
    phone,
    {
      targets: [
        { id: 'supervisor', kind: 'warm', target: 'bob' },
        { id: 'nurseTriage', kind: 'warm', target: 'carol' },
        { id: 'crisisCounsellor', kind: 'conference', target: 'carol' },
        { id: 'billingSpecialist', kind: 'blind', target: 'carol' },
        { id: 'privacyOfficer', kind: 'warm', target: 'carol' },
      ],
      ringSeconds: 20,
    },
    () => actor,
    () => Promise.resolve(),
    undefined,
    (r) => handoffs.send(r),
  );
  await phone.configure(SipAccountSchema.parse({ uri: `sip:${user}@127.0.0.1`, authUser: user, password: RIG_USERS[user], server: kam.wsUrl }));
  await waitFor(() => phone.status().registration === 'registered', `${user} registered`);
  return { user, store, phone, verification, handoffs, escalation, ehr, audit, calls, views };
}

/** dave calls alice's desk; alice answers and verifies him (name and date of birth). Returns alice's call id. */
async function verifiedCallAtAlice(): Promise<string> {
  const before = alice.calls.length;
  await dave.phone.dial('alice');
  await waitFor(() => alice.calls.slice(before).some((c) => c.state === 'ringing'), 'ringing at alice');
  const callId = alice.calls.slice(before).find((c) => c.state === 'ringing')!.id;
  await alice.phone.answer(callId);
  await waitFor(() => alice.phone.get(callId)?.state === 'active', 'alice on the call');
  alice.verification.view(patient.id);
  alice.verification.check(patient.id, 'name', 'Hana Okafor');
  expect(alice.verification.check(patient.id, 'birthDate', '1984-06-12').status).toBe('verified');
  return callId;
}

const auditReasons = (d: Desk) => d.audit.recent(200).map((e) => e.purposeOfEvent[0]?.text ?? '');

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'hand-offs between desks (SIP rig and real HAPI)' : `hand-offs: SKIPPED, ${info.reason}`, () => {
  beforeAll(async () => {
    baseUrl = await waitForFhirServer(info);
    kam = await Kamailio.create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-handoff-'));
    const created = await new FhirClient({ baseUrl }).createIfNoneExist<Patient>(
      {
        resourceType: 'Patient',
        identifier: [{ system: 'urn:test:handoff', value: 'hana' }],
        name: [{ given: ['Hana'], family: 'Okafor' }],
        birthDate: '1984-06-12',
        telecom: [{ system: 'phone', value: '+13125550142', use: 'mobile' }],
      },
      'identifier=urn:test:handoff|hana',
    );
    patient = created.resource as Patient & { id: string };
    alice = await desk('alice');
    carol = await desk('carol');
    [dave, bob] = [makePhone(kam, 'dave'), makePhone(kam, 'bob')];
    for (const p of [dave, bob]) await p.phone.start();
    for (const p of [dave, bob]) await registered(p);
  }, FHIR_READY_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    for (const d of [alice, carol]) {
      await ifSetUp(d, async (x) => {
        await x.phone.stop();
        await x.ehr.stop();
        x.store.close();
      });
    }
    for (const p of [dave, bob]) await ifSetUp(p, (r) => r.phone.stop().catch(() => undefined));
    await ifSetUp(kam, (k) => k.dispose());
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('nurse triage: the record is on the server before the nurse rings, her desk pops the same patient verified, and keeps it through the transfer', async () => {
    const callId = await verifiedCallAtAlice();
    const notes = 'Chest tightness since this morning; no history on file. Caller is calm.';
    const progress = await alice.escalation.escalate(callId, 'nurseTriage', 'clinicalQuestion', { patientId: patient.id, notes });
    expect(progress.stage).toBe('calling');

    // The record is on the server, found by its hand-off id, with the kinds of identifiers (never their values).
    await waitFor(() => carol.views.length > 0, 'the hand-off matched at the nurse desk', 15_000);
    const view = carol.views[0]!;
    expect(view).toMatchObject({
      status: 'confirmed',
      patient: { patientId: patient.id, name: 'Hana Okafor' },
      senderAgent: 'workstation-user/alice',
      escalation: 'nurseTriage',
      reason: 'clinicalQuestion',
      notes,
      caller: { kind: 'self' },
      verification: { status: 'verified', matched: ['name', 'birthDate'] },
      recheck: false,
    });
    if (view.status !== 'confirmed') throw new Error('not confirmed');
    const onServer = await new FhirClient({ baseUrl }).search('Communication', handoffSearch(view.handoffId));
    expect(onServer.resources).toHaveLength(1);
    const written = JSON.stringify(onServer.resources[0]);
    expect(written).not.toContain('1984-06-12'); // how the caller was verified, never the values
    expect(onServer.resources[0]).toMatchObject({ subject: { reference: `Patient/${patient.id}` }, sender: { display: 'workstation-user/alice' } });

    // The nurse's desk: the call (still ringing) starts verified for this patient; the record opens as her role allows.
    const ringing = view.callId;
    expect(carol.verification.state(patient.id)).toMatchObject({ callId: ringing, status: 'verified', results: { name: 'match', birthDate: 'match' } });
    expect(auditReasons(alice).some((r) => r.includes(`hand-off written for nurseTriage`) && r.includes(view.handoffId))).toBe(true);
    expect(auditReasons(carol).some((r) => r.includes('hand-off accepted from workstation-user/alice') && r.includes(view.handoffId))).toBe(true);

    // The nurse answers, alice hands the caller over (attended transfer): the call that replaces hers keeps the hand-off.
    await carol.phone.answer(ringing);
    await waitFor(() => alice.phone.get(progress.targetCallId!)?.state === 'active', 'alice talking to the nurse');
    await alice.phone.attendedTransfer(callId, progress.targetCallId!);
    await waitFor(() => carol.views.length > 1, 'the replacing call matched', 15_000);
    const replacing = carol.views[1]!;
    expect(replacing).toMatchObject({ status: 'confirmed', handoffId: view.handoffId });
    expect(replacing.callId).not.toBe(ringing);
    await waitFor(() => carol.phone.get(replacing.callId)?.state === 'active', 'the caller with the nurse');
    expect(carol.verification.state(patient.id)).toMatchObject({ callId: replacing.callId, status: 'verified', live: true });
    await carol.phone.hangup(replacing.callId);
  });

  it('billing, a blind transfer: the caller’s phone places the new call, the SIP server carries the id and names the referring desk; the billing desk pops the caller verified', async () => {
    const callId = await verifiedCallAtAlice();
    const since = carol.views.length;
    const before = carol.calls.length;
    const notes = 'Disputes the March invoice: says the visit was covered by the plan.';
    const progress = await alice.escalation.escalate(callId, 'billingSpecialist', 'billingDispute', { patientId: patient.id, notes });
    expect(progress).toMatchObject({ kind: 'blind', stage: 'transferred' });
    // dave's phone followed the REFER: its INVITE (from dave, not from alice) reached carol with the hand-off.
    await waitFor(() => carol.views.length > since, 'the hand-off matched at the billing desk', 15_000);
    const view = carol.views[since]!;
    expect(view).toMatchObject({
      status: 'confirmed',
      patient: { patientId: patient.id, name: 'Hana Okafor' },
      senderAgent: 'workstation-user/alice',
      escalation: 'billingSpecialist',
      reason: 'billingDispute',
      notes,
      verification: { status: 'verified', matched: ['name', 'birthDate'] },
    });
    if (view.status !== 'confirmed') throw new Error('not confirmed');
    const incoming = carol.calls.slice(before).find((c) => c.direction === 'inbound' && c.id === view.callId)!;
    expect(incoming.remote.user).toBe('dave');
    // Billing is one of the policy's escalations after which one secret identifier is asked again on the receiving desk:
    // what alice matched is carried, and one re-check here verifies the caller.
    expect(view.recheck).toBe(true);
    expect(carol.verification.state(patient.id)).toMatchObject({ callId: view.callId, status: 'unverified', results: { name: 'match', birthDate: 'match' } });
    await carol.phone.answer(view.callId);
    await waitFor(() => carol.phone.get(view.callId)?.state === 'active', 'the caller with billing');
    carol.verification.view(patient.id);
    expect(carol.verification.check(patient.id, 'birthDate', '1984-06-12')).toMatchObject({ callId: view.callId, status: 'verified' });
    expect(
      auditReasons(carol).some(
        (r) => r.includes('hand-off accepted from workstation-user/alice') && r.includes(view.handoffId) && r.includes('secret re-check required'),
      ),
    ).toBe(true);
    await carol.phone.hangup(view.callId);
  });

  it('a hand-off sender written by a phone is not believed: the SIP server removes it and asserts who really called', async () => {
    const real = carol.views.find((v) => v.status === 'confirmed' && v.escalation === 'billingSpecialist');
    if (real?.status !== 'confirmed') throw new Error('no blind-transfer hand-off to replay');
    const since = carol.views.length;
    // dave, the caller of that transfer, calls carol again naming alice as the sender himself: the server strips the
    // header, asserts dave (who authenticated for the hand-off header), and the record is alice’s: refused.
    const raw = await sendRawInvite(kam, {
      from: { user: 'dave', password: RIG_USERS.dave },
      to: 'carol',
      headers: [`X-Carefront-Handoff: ${real.handoffId}`, 'X-Carefront-Handoff-Sender: <sip:alice@127.0.0.1>'],
    });
    await waitFor(() => carol.views.length > since, 'the replayed hand-off judged');
    expect(raw.answers.some((a) => / 407 /.test(a))).toBe(true); // the hand-off header made the server ask who dave is
    expect(carol.views[since]).toMatchObject({ status: 'unconfirmed', refusal: 'senderMismatch' });
    await waitFor(() => carol.calls.some((c) => c.direction === 'inbound' && c.state === 'ringing'), 'ringing');
    const replay = [...carol.calls].reverse().find((c) => c.direction === 'inbound' && c.state === 'ringing')!;
    await carol.phone.hangup(replay.id);
    raw.close();
  });

  it('a forged hand-off is not trusted: another desk sending alice’s record id, an id with no record', async () => {
    // A real record, written by alice for the earlier escalation.
    const real = carol.views.find((v) => v.status === 'confirmed');
    if (real?.status !== 'confirmed') throw new Error('no confirmed hand-off to forge from');
    const since = carol.views.length;
    // bob (authenticated as bob by the SIP server) claims alice's hand-off: the record's sender is not who placed the call.
    const before = carol.calls.length;
    await bob.phone.dial('carol', { handoff: real.handoffId });
    await waitFor(() => carol.views.length > since, 'the forged hand-off judged');
    expect(carol.views[since]).toMatchObject({ status: 'unconfirmed', refusal: 'senderMismatch' });
    const forged = carol.calls.slice(before).find((c) => c.direction === 'inbound')!;
    expect(carol.verification.state(patient.id).status).toBe('unverified'); // an ordinary call: nothing carried over
    await carol.phone.hangup(forged.id);
    // An id nobody wrote.
    await bob.phone.dial('carol', { handoff: '5b0f7c1e-8a5d-4d59-9c3e-0c7a4a1f2b3c' });
    await waitFor(() => carol.views.length > since + 1, 'the unknown hand-off judged');
    expect(carol.views[since + 1]).toMatchObject({ status: 'unconfirmed', refusal: 'notFound' });
    await waitFor(() => carol.calls.some((c) => c.direction === 'inbound' && c.state === 'ringing' && c.id !== forged.id), 'ringing');
    const second = [...carol.calls].reverse().find((c) => c.direction === 'inbound' && c.state === 'ringing')!;
    await carol.phone.hangup(second.id);
    expect(auditReasons(carol).filter((r) => r.startsWith('hand-off refused')).length).toBeGreaterThanOrEqual(2);
  });

  it('a record older than the policy allows is refused as stale', async () => {
    const confirmed = carol.views.find((v) => v.status === 'confirmed');
    if (confirmed?.status !== 'confirmed') throw new Error('no confirmed hand-off');
    const later = new Date(Date.now() + ((policy.handoff?.maxAgeMinutes ?? 10) + 1) * 60_000);
    const stale = new HandoffService({
      verification: carol.verification,
      patients: new PatientRepository(carol.store),
      audit: carol.audit,
      writeBack: carol.ehr.writeBack,
      delivered: () => Promise.resolve(false),
      records: handoffRecords(openSiteEhr(path.join(dir, 'carol'), keyFileProvider(path.join(dir, 'carol', 'demo.key')).readKey()!).link),
      sipUser: () => 'carol',
      actor: () => 'workstation-user/carol',
      policy: policy.handoff,
      tell: () => undefined,
      now: () => later,
    });
    expect(await stale.received('no-such-call', confirmed.handoffId, 'alice')).toMatchObject({ status: 'unconfirmed', refusal: 'stale' });
    // And a call whose sender nobody asserted is not matched at all.
    expect(await stale.received('no-such-call', confirmed.handoffId, null)).toMatchObject({ status: 'unconfirmed', refusal: 'notAsserted' });
  });
});
