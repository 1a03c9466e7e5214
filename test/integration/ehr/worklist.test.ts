/**
 * The team's worklist against the real HAPI FHIR R4 server: a Task made and read back as the same item; two desks
 * claiming one item at the same moment (one wins, the other is told); a claim not worked released after the policy's
 * time; a wrap-up that promises a callback making an item another desk sees; a caller's call that rang unanswered
 * making a callback by itself; Tasks that are not well formed left out and counted; every view and action audited.
 * Without a FHIR connection the worklist says it is not configured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Task } from 'fhir/r4';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { ifNoneExist, worklistTaskWrite } from '../../../electron/ehr/write-back-mapping';
import { createDispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { completedTask, itemOf, newTask, WORKLIST_SYSTEMS } from '../../../electron/worklist/task-mapping';
import { WorklistBook } from '../../../electron/worklist/worklist-book';
import { DEFAULT_WORKLIST_POLICY, WorklistPolicySchema } from '../../../electron/worklist/worklist-policy';
import { newCallView } from '../../../shared/domain/call';
import type { WorklistActionResult, WorklistItem, WorklistView } from '../../../shared/domain/worklist';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';

const info = fhirServerInfo();
const HOUR = 3_600_000;

let dir: string | null = null;
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** A desk's services with (baseUrl) or without the site's FHIR connection, as `carefront-admin ehr set` leaves it. */
async function desk(baseUrl: string | null): Promise<Services> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-worklist-'));
  if (!baseUrl) return createServices({ dataDir: dir, transport: 'bridge', demoPatients: 5 });
  await (await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 5 })).close();
  const key = keyFileProvider(path.join(dir, 'demo.key')).readKey()!;
  new EhrConnectionStore(dir, new SecretBox(key)).save({ baseUrl, auth: { kind: 'none' } });
  return createServices({ dataDir: dir, transport: 'bridge', demoPatients: 5 });
}

/** Sends what the desk's outbox holds, its retries included (a first try may time out on a loaded machine); bounded. */
async function delivered(s: Services): Promise<void> {
  const worker = s.ehr.worker!;
  for (const deadline = Date.now() + 45_000; ;) {
    await worker.drain();
    if (worker.status().waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`the outbox still holds ${worker.status().waiting} writes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function call<T>(s: Services, channel: string, args: unknown): Promise<T> {
  const r = await createDispatch(buildHandlers(s))(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

const worklistRows = (s: Services) => s.audit.recent(200).filter((e) => e.subtype[0]?.code === 'worklist');

describe('worklist without a FHIR connection', () => {
  it('says it is not configured, refuses actions and queues nothing', async () => {
    services = await desk(null);
    const view = await call<WorklistView>(services, 'worklist.list', {});
    expect(view).toMatchObject({ configured: false, items: [] });
    const r = await createDispatch(buildHandlers(services))('worklist.claim', { taskId: 'abc', version: '1' });
    expect(r.ok).toBe(false);
    expect(
      services.worklist.wrapUpSaved({
        callId: null,
        patientId: null,
        disposition: 'followUpNeeded',
        notes: '',
        followUpAt: new Date(Date.now() + HOUR).toISOString(),
        survey: false,
        handleSeconds: 1,
        afterCallSeconds: 1,
      }),
    ).toBeNull();
  });

  it('the policy is validated: a release time of zero, an unknown pool, or a pool twice is refused', () => {
    expect(WorklistPolicySchema.safeParse(DEFAULT_WORKLIST_POLICY).success).toBe(true);
    expect(WorklistPolicySchema.safeParse({ ...DEFAULT_WORKLIST_POLICY, releaseUnworkedClaimsAfterMinutes: 0 }).success).toBe(false);
    expect(WorklistPolicySchema.safeParse({ ...DEFAULT_WORKLIST_POLICY, pools: ['callbacks', 'lunch'] }).success).toBe(false);
    expect(WorklistPolicySchema.safeParse({ ...DEFAULT_WORKLIST_POLICY, pools: ['billing', 'billing'] }).success).toBe(false);
  });
});

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'worklist on a real HAPI FHIR R4 server' : `worklist: SKIPPED, ${info.reason}`, () => {
  let baseUrl: string;
  let client: FhirClient;
  beforeAll(async () => {
    baseUrl = await waitForFhirServer(info);
    client = new FhirClient({ baseUrl });
  }, FHIR_READY_TIMEOUT_MS + 10_000);

  const bookFor = (agent: string, now?: () => Date) =>
    new WorklistBook(client, { agent: () => agent, policy: DEFAULT_WORKLIST_POLICY, ...(now ? { now } : {}) });
  const created = async (task: Task) => {
    const write = worklistTaskWrite(`worklist-${crypto.randomUUID()}`, task);
    return (await client.createIfNoneExist(write.resource as Task, ifNoneExist(write.clientId))).resource;
  };
  const itemIn = (view: WorklistView, id: string): WorklistItem | undefined => view.items.find((i) => i.id === id);

  it('a Task made by the mapping reads back as the same item; a completed one leaves the list with its outcome', async () => {
    const due = new Date(Date.now() + 2 * HOUR).toISOString();
    const task = await created(
      newTask({
        kind: 'billing-dispute',
        origin: null,
        patient: { id: 'pat-worklist-1', name: 'Rosa Jiménez' },
        number: '+14155550123',
        due,
        focus: { type: 'Invoice', id: 'inv-77' },
        now: new Date(),
      }),
    );
    expect(task.focus?.reference).toBe('Invoice/inv-77');
    const item = itemIn(await bookFor('agent-a').list(), task.id!);
    expect(item).toEqual({
      id: task.id,
      version: task.meta!.versionId,
      kind: 'billing-dispute',
      pool: 'billing',
      origin: null,
      due,
      overdue: false,
      patient: { id: 'pat-worklist-1', name: 'Rosa Jiménez' },
      number: '+14155550123',
      owner: { kind: 'pool', pool: 'billing' },
      claimedAt: null,
      status: 'open',
      createdAt: task.authoredOn,
      focus: { type: 'Invoice', id: 'inv-77' },
      reason: null,
    });
    const a = bookFor('agent-a');
    const claimed = await a.claim(item!.id, item!.version);
    expect(claimed.result.ok).toBe(true);
    const mine = (claimed.result as Extract<WorklistActionResult, { ok: true }>).item!;
    expect(mine).toMatchObject({ status: 'claimed', owner: { kind: 'agent', agent: 'agent-a', mine: true } });
    expect(itemIn(await bookFor('agent-b').list(), task.id!)?.owner).toEqual({ kind: 'agent', agent: 'agent-a', mine: false });
    const done = await a.complete(mine.id, mine.version, 'reached');
    // Completed: it leaves the list (the answer says so with no item; the next read has it no more).
    expect(done.result).toEqual({ ok: true, item: null });
    expect(itemIn(await a.list(), task.id!)).toBeUndefined();
    const onServer = await client.read<Task>('Task', task.id!);
    expect(onServer.status).toBe('completed');
    expect(onServer.businessStatus?.coding?.[0]).toMatchObject({ system: WORKLIST_SYSTEMS.outcome, code: 'reached' });
    expect(onServer.output?.[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe('reached');
    expect(onServer.executionPeriod?.end).toBeTruthy();
    // A completed Task is no open item.
    expect(itemOf(completedTask(onServer, 'reached', new Date()), 'agent-a', new Date())).toBeNull();
  });

  it('lists overdue first then by due time, and leaves out (and counts) Tasks that are not well formed', async () => {
    const now = Date.now();
    const make = (dueInMs: number) =>
      created(
        newTask({ kind: 'callback', origin: 'promised', patient: null, number: '+14155550100', due: new Date(now + dueInMs).toISOString(), now: new Date() }),
      );
    const later = await make(5 * HOUR);
    const overdue = await make(-HOUR);
    const soon = await make(HOUR);
    const bad = await created({
      ...newTask({ kind: 'callback', origin: null, patient: null, number: null, due: null, now: new Date() }),
      code: { text: 'lunch' },
    });
    const badNumber = await created(newTask({ kind: 'callback', origin: null, patient: null, number: 'call me maybe', due: null, now: new Date() }));
    const view = await bookFor('agent-a').list();
    const order = view.items.map((i) => i.id).filter((id) => [later.id, overdue.id, soon.id].includes(id));
    expect(order).toEqual([overdue.id, soon.id, later.id]);
    expect(itemIn(view, overdue.id!)?.overdue).toBe(true);
    expect(itemIn(view, bad.id!)).toBeUndefined();
    expect(itemIn(view, badNumber.id!)).toBeUndefined();
    expect(view.malformed).toBeGreaterThanOrEqual(2);
  });

  it('two desks claim the same item at the same moment: exactly one wins, the other is told it was claimed by someone else', async () => {
    const task = await created(
      newTask({
        kind: 'callback',
        origin: 'unanswered',
        patient: null,
        number: '+14155550111',
        due: new Date(Date.now() + HOUR).toISOString(),
        now: new Date(),
      }),
    );
    const [a, b] = [bookFor('agent-a'), bookFor('agent-b')];
    const seenA = itemIn(await a.list(), task.id!)!;
    const seenB = itemIn(await b.list(), task.id!)!;
    expect(seenA.version).toBe(seenB.version);
    const results = await Promise.all([a.claim(seenA.id, seenA.version), b.claim(seenB.id, seenB.version)]);
    expect(results.filter((r) => r.result.ok)).toHaveLength(1);
    const lost = results.map((r) => r.result).find((r) => !r.ok);
    expect(lost).toMatchObject({ ok: false, reason: 'claimedByOther' });
    if (!lost) throw new Error('no refused claim');
    const winner = results[0].result.ok ? 'agent-a' : 'agent-b';
    // The loser's list is the list as it now is: the item is the winner's.
    expect(itemIn(lost.list, task.id!)?.owner).toEqual({ kind: 'agent', agent: winner, mine: false });
    expect((await client.read<Task>('Task', task.id!)).owner?.identifier).toEqual({ system: WORKLIST_SYSTEMS.agent, value: winner });
    // Nor can the loser release or complete it.
    const now = itemIn(lost.list, task.id!)!;
    const loser = winner === 'agent-a' ? b : a;
    expect((await loser.complete(now.id, now.version, 'reached')).result).toMatchObject({ ok: false, reason: 'notYours' });
  });

  it('a claim not worked within the policy time goes back to its pool when any desk lists, once', async () => {
    const task = await created(
      newTask({ kind: 'callback', origin: 'promised', patient: null, number: '+14155550122', due: new Date(Date.now() + HOUR).toISOString(), now: new Date() }),
    );
    const a = bookFor('agent-a');
    const seen = itemIn(await a.list(), task.id!)!;
    const claimed = (await a.claim(seen.id, seen.version)).result as Extract<WorklistActionResult, { ok: true }>;
    // Within the time, another desk's read leaves it claimed.
    const early = itemIn(await bookFor('agent-c').list(), task.id!)!;
    expect(early.status).toBe('claimed');
    // Past it, two desks read at the same moment: the claim is released once (If-Match), and the item is open again.
    const later = () => new Date(Date.now() + (DEFAULT_WORKLIST_POLICY.releaseUnworkedClaimsAfterMinutes + 1) * 60_000);
    const [c, d] = await Promise.all([bookFor('agent-c', later).list(), bookFor('agent-d', later).list()]);
    expect(itemIn(c, task.id!)?.status === 'open' || itemIn(d, task.id!)?.status === 'open').toBe(true);
    const onServer = await client.read<Task>('Task', task.id!);
    expect(onServer.status).toBe('requested');
    expect(onServer.owner?.identifier).toEqual({ system: WORKLIST_SYSTEMS.pool, value: 'callbacks' });
    expect(Number(onServer.meta!.versionId)).toBe(Number(claimed.item!.version) + 1);
    // The agent who let it go can no longer complete it with the version they had.
    expect((await a.complete(task.id!, claimed.item!.version, 'reached')).result).toMatchObject({ ok: false });
  });

  it("a wrap-up that promises a callback makes an item in another desk's worklist; list, claim and complete are audited", async () => {
    services = await desk(baseUrl);
    const s = services;
    const patientId = (s.store.connection().prepare('SELECT id FROM patient_index ORDER BY id LIMIT 1').get() as { id: string }).id;
    const followUpAt = new Date(Date.now() + 3 * HOUR).toISOString();
    await call(s, 'wrapUp.save', {
      callId: null,
      patientId,
      disposition: 'followUpNeeded',
      notes: 'Wants a call back about the results letter.',
      followUpAt,
      survey: false,
      handleSeconds: 200,
      afterCallSeconds: 30,
    });
    await delivered(s);
    const other = bookFor('another-desk');
    // Another desk sees it by its next read (the panel reads every refreshSeconds); on a loaded machine the first read
    // may come before the server has it indexed, so read until it is there (bounded), saying what was seen if never.
    let item: WorklistItem | undefined;
    let seen = '';
    for (const deadline = Date.now() + 30_000; !item && Date.now() < deadline;) {
      const view = await other.list();
      item = view.items.find((i) => i.patient?.id === patientId && i.origin === 'promised' && i.due === followUpAt);
      seen = `${view.items.length} items, ${view.malformed} not readable, outbox ${JSON.stringify(s.ehr.worker!.status())}`;
      if (!item) await new Promise((r) => setTimeout(r, 500));
    }
    expect(item, seen).toBeDefined();
    const name = s.patients.summary(patientId, { actor: 'test', reason: 'test' }).patient.name;
    expect(item).toMatchObject({ kind: 'callback', pool: 'callbacks', due: followUpAt, status: 'open', patient: { id: patientId, name } });
    expect(item!.number).toBeTruthy();
    // The desk's own list shows it too; its view, claim and completion are audited with the patient.
    const mine = (await call<WorklistView>(s, 'worklist.list', {})).items.find((i) => i.id === item!.id)!;
    const claimed = await call<WorklistActionResult>(s, 'worklist.claim', { taskId: mine.id, version: mine.version });
    expect(claimed.ok).toBe(true);
    const held = (claimed as Extract<WorklistActionResult, { ok: true }>).item!;
    expect(await call<WorklistActionResult>(s, 'worklist.complete', { taskId: held.id, version: held.version, outcome: 'leftMessage' })).toMatchObject({
      ok: true,
    });
    const rows = worklistRows(s);
    const reasons = rows.map((e) => e.purposeOfEvent[0]!.text);
    for (const action of ['create', 'view', 'claim', 'complete']) expect(reasons).toContain(`team worklist: worklist ${action}`);
    const claimRow = rows.find((e) => e.purposeOfEvent[0]!.text.endsWith('claim'))!;
    expect(claimRow.entity.map((e) => e.what.reference)).toEqual(expect.arrayContaining([`Patient/${patientId}`, `Task/${item!.id}`]));
    const views = rows.filter((e) => e.purposeOfEvent[0]!.text.endsWith('view'));
    expect(views.some((e) => e.entity.some((x) => x.what.reference === `Patient/${patientId}`))).toBe(true);
    // Read again (as the panel does every refreshSeconds): within the policy's time a patient already audited as
    // viewed by this desk is not named again, so every patient is named at most once.
    await call<WorklistView>(s, 'worklist.list', {});
    await call<WorklistView>(s, 'worklist.list', {});
    const named = worklistRows(s)
      .filter((e) => e.purposeOfEvent[0]!.text.endsWith('view'))
      .flatMap((e) => e.entity.map((x) => x.what.reference ?? '').filter((ref) => ref.startsWith('Patient/')));
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named).size).toBe(named.length);
  }, 60_000);

  it('a caller whose call rang and was not answered gets a callback by itself; a transferred call makes none', async () => {
    services = await desk(baseUrl);
    const s = services;
    const ring = (id: string, number: string, reason: string) => {
      const view = {
        ...newCallView({ id, direction: 'inbound', remote: { displayName: null, user: number, e164: number } }),
        state: 'ended' as const,
        endReason: reason,
      };
      s.events.emit('call.ended', { callId: id, leg: 'caller', reason, answered: false, call: view });
    };
    // Numbers of this run only (the server may hold earlier runs' items).
    const [abandoned, refused, transferred] = [0, 1, 2].map((n) => `+1415${String(Date.now() + n).slice(-7)}`) as [string, string, string];
    ring('missed-call-1', abandoned, 'hung up by the other party');
    ring('missed-call-2', refused, 'rejected by agent');
    ring('missed-call-3', transferred, 'transferred');
    await delivered(s);
    const items = (await bookFor('another-desk').list()).items;
    expect(items.find((i) => i.number === abandoned)).toMatchObject({ kind: 'callback', origin: 'abandoned', status: 'open', patient: null });
    expect(items.find((i) => i.number === refused)).toMatchObject({ kind: 'callback', origin: 'unanswered' });
    expect(items.find((i) => i.number === transferred)).toBeUndefined();
    const due = Date.parse(items.find((i) => i.number === abandoned)!.due!);
    expect(due).toBeGreaterThan(Date.now() + (DEFAULT_WORKLIST_POLICY.unansweredCallbackDueMinutes - 5) * 60_000);
  }, 60_000);
});
