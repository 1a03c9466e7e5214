/**
 * The subscription watcher against the real HAPI FHIR R4 server (test/fhir-server, websocket channel enabled):
 * it binds, a write on the server reaches onChange within seconds (latency measured), a restart reuses the
 * desk's Subscriptions, an unreachable server means polling and retries, and — with a small websocket peer on
 * loopback standing in for a hostile server's socket — bad messages are counted and ignored, a dropped or
 * oversized connection is retried, and the Authorization header reaches the websocket upgrade.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { Appointment, Patient, Subscription } from 'fhir/r4';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_RESOURCE_TYPES } from '../../../electron/cache/fhir/resources';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { OWNER_TAG_SYSTEM, WATCH_TAG_SYSTEM } from '../../../electron/ehr/subscription-resources';
import { SubscriptionWatcher, type SubscriptionWatcherOptions } from '../../../electron/ehr/subscription-watcher';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { ChangeLog, startPeer, statusWhere, type RecordedChange } from './watcher-rig';

const info = fhirServerInfo();
/** A notification must reach onChange within this (HAPI delivers in about a second or two on a loaded machine). */
const NOTIFY_WITHIN_MS = 15_000;

describe.skipIf(!info.baseUrl)(
  info.baseUrl ? 'FHIR subscription watcher against a real HAPI FHIR R4 server' : `subscription watcher: SKIPPED, ${info.reason}`,
  () => {
    let baseUrl: string;
    let client: FhirClient;
    const watchers: SubscriptionWatcher[] = [];
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      baseUrl = await waitForFhirServer(info);
      client = new FhirClient({ baseUrl });
    }, FHIR_READY_TIMEOUT_MS + 10_000);

    afterEach(async () => {
      for (const w of watchers.splice(0)) await w.stop({ removeSubscriptions: true });
      for (const c of cleanups.splice(0)) await c();
    }, 60_000);

    /** A watcher with its own owner id (tests share one server) and short waits. */
    function watcher(log: ChangeLog, extra: Partial<SubscriptionWatcherOptions> = {}): SubscriptionWatcher {
      const w = new SubscriptionWatcher({
        baseUrl,
        ownerId: `test-${randomUUID().slice(0, 8)}`,
        onChange: log.onChange,
        debounceMs: 20,
        backoff: { firstMs: 100, maxMs: 1_000 },
        ...extra,
      });
      watchers.push(w);
      return w;
    }

    const owned = async (ownerId: string) => (await client.search<Subscription>('Subscription', { _tag: `${OWNER_TAG_SYSTEM}|${ownerId}` })).resources;

    const TEST_SYSTEM = 'urn:carefront:test:watcher';
    const newPatient = (value = randomUUID()): Patient => ({
      resourceType: 'Patient',
      identifier: [{ system: TEST_SYSTEM, value }],
      name: [{ family: 'Watcher', given: ['Test'] }],
      birthDate: '1990-01-01',
    });
    /** Creates `resource` (its identifier names it) through the client's conditional create. */
    const create = <T extends Patient | Appointment>(resource: T) =>
      client.createIfNoneExist(resource, `identifier=${TEST_SYSTEM}|${resource.identifier![0]!.value}`);

    it('binds its Subscription (websocket channel, no payload) once the server has activated it, and reports mode subscription', async () => {
      const log = new ChangeLog();
      const w = watcher(log);
      await w.start();
      const status = w.status();
      expect(status).toMatchObject({ mode: 'subscription', state: 'watching', connected: true, errorCode: null, subscriptions: 1 });
      const [sub] = await owned(w.ownerId);
      expect(sub?.id).toBe(w.subscriptionIds()[0]);
      expect(sub).toMatchObject({ status: 'active', channel: { type: 'websocket' }, criteria: `[${SUPPORTED_RESOURCE_TYPES.join(',')}]` });
      expect(sub?.channel.payload).toBeUndefined();
      // Being connected is itself a change: what happened while nothing was watching must be caught up.
      const first = await log.next(0, 5_000);
      expect(first).toMatchObject({ reason: 'connected' });
      expect([...first.resourceTypes].sort()).toEqual([...SUPPORTED_RESOURCE_TYPES].sort());
    }, 60_000);

    // The latencies printed are meaningful when this file runs alone: another file writing to the same server at the
    // same time can ping the watcher early. The bound (every write notified within NOTIFY_WITHIN_MS) holds either way.
    it('a Patient created, updated or deleted on the server reaches onChange within seconds (latency over 6 writes; the benchmark measures more)', async () => {
      const log = new ChangeLog();
      const w = watcher(log);
      await w.start();
      await log.next(0, 5_000); // the `connected` change
      const latencies: number[] = [];
      const measure = async (write: () => Promise<unknown>) => {
        const seen = log.changes.length;
        const t0 = performance.now();
        await write();
        const change = await log.next(seen, NOTIFY_WITHIN_MS);
        expect(change.reason).toBe('notification');
        expect(change.resourceTypes).toContain('Patient');
        latencies.push(change.at - t0);
        // Let a late second ping for the same write land before the next write is timed.
        await new Promise((r) => setTimeout(r, 100));
      };
      for (let i = 0; i < 2; i++) {
        let id = '';
        let version = '';
        await measure(async () => {
          const created = await create(newPatient());
          id = created.resource.id!;
          version = created.versionId;
        });
        await measure(() => client.update({ ...newPatient(), id, birthDate: '1990-01-02' }, version));
        await measure(() => client.delete('Patient', id));
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
      console.info(
        `subscription watcher latency, server write → onChange over ${sorted.length} writes: ` +
          `p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`,
      );
      expect(latencies).toHaveLength(6);
      expect(w.status()).toMatchObject({ mode: 'subscription', ignoredMessages: 0 });
      expect(w.status().notifications).toBeGreaterThanOrEqual(6);
    }, 240_000);

    it('per-type Subscriptions: one per watched type, each on its own websocket, and a change names its type', async () => {
      const log = new ChangeLog();
      const w = watcher(log, { criteriaStyle: 'per-type' });
      await w.start();
      expect(w.status()).toMatchObject({ mode: 'subscription', subscriptions: SUPPORTED_RESOURCE_TYPES.length });
      const subs = await owned(w.ownerId);
      expect(subs.map((s) => s.criteria).sort()).toEqual(SUPPORTED_RESOURCE_TYPES.map((t) => `${t}?`).sort());
      expect(subs.every((s) => s.status === 'active')).toBe(true);
      await log.next(0, 5_000);

      // Other test files may write to the same server meanwhile: wait for the change that names the type written.
      // One Subscription per type means a change names only the types whose Subscriptions pinged, never all of them.
      const names = (type: string) => (c: RecordedChange) => c.resourceTypes.includes(type);
      const patient = await create(newPatient());
      const patientChange = await log.find(1, names('Patient'), NOTIFY_WITHIN_MS);
      expect(patientChange.resourceTypes.length).toBeLessThan(SUPPORTED_RESOURCE_TYPES.length);
      const appointment: Appointment = {
        resourceType: 'Appointment',
        identifier: [{ system: TEST_SYSTEM, value: randomUUID() }],
        status: 'booked',
        start: '2027-01-05T09:00:00Z',
        end: '2027-01-05T09:15:00Z',
        participant: [{ actor: { reference: `Patient/${patient.resource.id}` }, status: 'accepted' }],
      };
      const seen = log.changes.length;
      await create(appointment);
      const appointmentChange = await log.find(seen, names('Appointment'), NOTIFY_WITHIN_MS);
      expect(appointmentChange.resourceTypes.length).toBeLessThan(SUPPORTED_RESOURCE_TYPES.length);
      expect(log.changes.every((c) => c.resourceTypes.every((t) => (SUPPORTED_RESOURCE_TYPES as readonly string[]).includes(t)))).toBe(true);
    }, 120_000);

    it("a restart reuses the desk's Subscription; one switched off is put back, a duplicate removed; stop can remove them all", async () => {
      const ownerId = `test-${randomUUID().slice(0, 8)}`;
      const first = watcher(new ChangeLog(), { ownerId });
      await first.start();
      const [id] = first.subscriptionIds();
      await first.stop();
      expect(first.status().state).toBe('stopped');

      const second = watcher(new ChangeLog(), { ownerId });
      await second.start();
      expect(second.subscriptionIds()).toEqual([id]);
      expect((await owned(ownerId)).map((s) => s.id)).toEqual([id]);
      await second.stop();

      // Someone switches it off: the next start puts the same Subscription back.
      const current = await client.read<Subscription>('Subscription', id!);
      await client.update({ ...current, status: 'off' }, current.meta!.versionId!);
      const third = watcher(new ChangeLog(), { ownerId });
      await third.start();
      expect(third.status().mode).toBe('subscription');
      expect(third.subscriptionIds()).toEqual([id]);
      expect(await owned(ownerId)).toMatchObject([{ id, status: 'active' }]);
      await third.stop();

      // A second copy appears (say, two desks were set up with the same owner id): the next start keeps one.
      const copy: Subscription = {
        ...current,
        id: undefined,
        meta: {
          tag: [
            { system: OWNER_TAG_SYSTEM, code: ownerId },
            { system: WATCH_TAG_SYSTEM, code: 'all-types' },
          ],
        },
      };
      await client.transaction({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: copy, request: { method: 'POST', url: 'Subscription' } }] });
      expect(await owned(ownerId)).toHaveLength(2);
      const fourth = watcher(new ChangeLog(), { ownerId });
      await fourth.start();
      expect(fourth.status().mode).toBe('subscription');
      const after = await owned(ownerId);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ status: 'active' });
      expect(fourth.subscriptionIds()).toEqual([after[0]!.id]);

      await fourth.stop({ removeSubscriptions: true });
      expect(await owned(ownerId)).toEqual([]);
      expect(fourth.status()).toMatchObject({ state: 'stopped', subscriptions: 0, mode: 'polling' });
    }, 120_000);

    it('a watcher pointed at a closed loopback port reports polling and keeps retrying, never throwing; stop ends the retries', async () => {
      const port = await closedPort();
      const log = new ChangeLog();
      const w = watcher(log, { baseUrl: `http://127.0.0.1:${port}/fhir`, backoff: { firstMs: 50, maxMs: 200 } });
      await w.start();
      expect(w.status()).toMatchObject({ mode: 'polling', connected: false, state: 'retrying', errorCode: 'ehrUnreachable' });
      expect(w.status().nextAttemptAt).not.toBeNull();
      await statusWhere(w, (s) => s.failures >= 4, 10_000);
      await w.stop();
      const stoppedAt = w.status().failures;
      await new Promise((r) => setTimeout(r, 500));
      expect(w.status()).toMatchObject({ state: 'stopped', failures: stoppedAt, mode: 'polling' });
      expect(log.changes).toEqual([]);
    }, 30_000);

    it("a websocket endpoint off the FHIR server's host is never used (it would receive the token): polling, ehrBadResponse", async () => {
      const w = watcher(new ChangeLog(), { websocketUrl: 'ws://localhost:9/websocket', authorize: () => Promise.resolve('Bearer not-for-another-host') });
      await w.start();
      expect(w.status()).toMatchObject({ mode: 'polling', state: 'unsupported', errorCode: 'ehrBadResponse', subscriptions: 0 });
    }, 30_000);

    it('hostile websocket peer: anything but bound/ping for its Subscription is counted and ignored; the upgrade carries the Authorization header', async () => {
      const garbage: (string | Buffer)[] = [];
      const peer = await startPeer((socket, id) => {
        socket.send(`ping ${id}`); // before `bound`: not accepted
        socket.send('bound 424242'); // another Subscription's id
        socket.send(`bound ${id}`);
        garbage.splice(
          0,
          garbage.length,
          `ping 424242`,
          `PING ${id}`,
          `ping ${id}\n`,
          `ping  ${id}`,
          `bound ${id}`,
          'x'.repeat(300),
          '{"resourceType":"Patient","id":"1"}',
          `ping ${id} extra`,
        );
        for (const message of garbage) socket.send(message);
        socket.send(Buffer.from([0x70, 0x69, 0x6e, 0x67]), { binary: true });
        socket.send(`ping ${id}`);
      });
      cleanups.push(peer.close);
      const log = new ChangeLog();
      const w = watcher(log, { websocketUrl: peer.url, authorize: () => Promise.resolve('Bearer test-token-7') });
      await w.start();
      expect(w.status().mode).toBe('subscription');
      expect(peer.connections[0]?.headers.authorization).toBe('Bearer test-token-7');
      expect(await peer.connections[0]?.boundId).toBe(w.subscriptionIds()[0]);

      // `connected`, then the one valid ping (debounced into one call or two, depending on timing).
      await statusWhere(w, (s) => s.notifications === 1, 5_000);
      const status = w.status();
      expect(status.ignoredMessages).toBe(2 + garbage.length + 1);
      expect(status).toMatchObject({ mode: 'subscription', notifications: 1, errorCode: null });
      const reasons = log.changes.map((c) => c.reason);
      expect(reasons[0]).toBe('connected');
      expect(reasons.length).toBeLessThanOrEqual(2);
    }, 60_000);

    it('a websocket upgrade refused with 401 invalidates that token once; the next attempt binds with a new one', async () => {
      let token = 'Bearer stale';
      const invalidated: string[] = [];
      const peer = await startPeer(
        (socket, id) => {
          socket.send(`bound ${id}`);
        },
        (headers) => headers.authorization === 'Bearer fresh',
      );
      cleanups.push(peer.close);
      const w = watcher(new ChangeLog(), {
        websocketUrl: peer.url,
        authorize: () => Promise.resolve(token),
        invalidate: (header) => {
          invalidated.push(header);
          token = 'Bearer fresh';
        },
      });
      await w.start();
      expect(w.status()).toMatchObject({ mode: 'polling', state: 'retrying', errorCode: 'ehrUnauthorized' });
      expect(invalidated).toEqual(['Bearer stale']);
      await statusWhere(w, (s) => s.mode === 'subscription', 10_000);
      expect(peer.connections.map((c) => c.headers.authorization)).toEqual(['Bearer fresh']);
    }, 60_000);

    it('a dropped, refused or oversized connection means polling, then a capped retry that binds again and reports `connected`', async () => {
      let script: 'bind' | 'refuse' = 'bind';
      const peer = await startPeer((socket, id) => {
        socket.send(script === 'bind' ? `bound ${id}` : 'error Invalid bind request');
      });
      cleanups.push(peer.close);
      const log = new ChangeLog();
      const w = watcher(log, { websocketUrl: peer.url, backoff: { firstMs: 200, maxMs: 400 }, maxPayloadBytes: 1024 });
      const seen: string[] = [];
      w.onStatus((s) => seen.push(`${s.mode}/${s.state}/${s.errorCode ?? '-'}`));
      await w.start();
      await log.next(0, 5_000);

      // The server's side drops the connection.
      script = 'refuse';
      peer.connections[0]!.socket.terminate();
      await statusWhere(w, (s) => s.state === 'retrying' && s.errorCode === 'ehrUnreachable', 5_000);
      expect(w.status().mode).toBe('polling');
      // The next tries are refused (`error` for the bind) until the server binds again.
      await statusWhere(w, (s) => s.errorCode === 'ehrRefused', 5_000);
      script = 'bind';
      await statusWhere(w, (s) => s.mode === 'subscription', 10_000);
      expect((await log.next(1, 5_000)).reason).toBe('connected');

      // A frame above the size limit ends the connection (ws refuses it) and is retried as well.
      const last = peer.connections.at(-1)!;
      last.socket.send('x'.repeat(2048));
      await statusWhere(w, (s) => s.errorCode === 'ehrBadResponse', 5_000);
      await statusWhere(w, (s) => s.mode === 'subscription', 10_000);
      expect(seen).toEqual(
        expect.arrayContaining([
          'polling/retrying/ehrUnreachable',
          'polling/retrying/ehrRefused',
          'polling/retrying/ehrBadResponse',
          'subscription/watching/-',
        ]),
      );
    }, 60_000);
  },
);

/** A loopback port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => {
        resolve(port);
      });
    });
  });
}
