// The EHR link's status service: the one place holding the link's state as the page sees it. Its
// transitions as the sync engine and the outbox worker will drive them, the sync.changed event each
// change sends (reaching the page as ehr.status), the first load's progress coalesced, and what it
// refuses: calls out of turn, malformed counts, anything beyond its fields (so no patient data).
import { describe, expect, it } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { EventBus } from '../../../electron/main/event-bus';
import { forwardToPage } from '../../../electron/main/forward-to-page';
import { EhrLinkStatusService } from '../../../electron/main/services/ehr-link-status';
import { EhrLinkStatusSchema, type EhrLinkStatus } from '../../../shared/domain/ehr-link';
import { serverOriginOf } from '../../../electron/main/services/ehr-link-status';
import type { ErrorCode } from '../../../shared/errors';

const STATUS_KEYS = ['configured', 'initialLoad', 'lastError', 'lastSyncAt', 'outbox', 'server', 'since', 'state'];

/** A service on its own bus, with the events it sent and a clock the test moves. */
function rig(progressEveryMs = 500) {
  const events = new DomainEventBus();
  const sent: EhrLinkStatus[] = [];
  events.on('sync.changed', (s) => sent.push(s));
  let clock = Date.parse('2026-12-01T09:00:00.000Z');
  const link = new EhrLinkStatusService(events, { progressEveryMs, now: () => new Date(clock) });
  return { events, sent, link, tick: (ms: number) => (clock += ms) };
}

const progress = (resourcesDone: number, filesDone = 0, filesTotal: number | null = 10, serverProgress: string | null = null) => ({
  resourcesDone,
  filesDone,
  filesTotal,
  serverProgress,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the EHR link status', () => {
  it('starts not configured, with an empty outbox and nothing sent', () => {
    const { link, sent } = rig();
    expect(link.get()).toEqual({
      configured: false,
      server: null,
      state: 'notConfigured',
      since: '2026-12-01T09:00:00.000Z',
      lastSyncAt: null,
      initialLoad: null,
      outbox: { waiting: 0, failed: 0, oldestWaitingSince: null },
      lastError: null,
    });
    expect(sent).toEqual([]);
    // What get() hands out is a copy: changing it changes nothing held.
    const copy = link.get();
    copy.outbox.waiting = 99;
    expect(link.get().outbox.waiting).toBe(0);
  });

  it('keeps only the origin of the configured base URL, and refuses what is not an http(s) URL', () => {
    const { link, sent } = rig();
    const s = link.configure('https://svc-user:secret@fhir.example.org:8443/r4/Patient?name=Emma#x');
    expect(s).toMatchObject({ configured: true, server: 'https://fhir.example.org:8443', state: 'connecting', lastError: null });
    expect(sent).toEqual([s]);
    expect(JSON.stringify(sent)).not.toMatch(/secret|svc-user|r4|Emma/);
    expect(() => link.configure('ftp://fhir.example.org/r4')).toThrow('must be http(s)');
    expect(() => link.configure('fhir.example.org/r4')).toThrow('not a URL');
    expect(serverOriginOf('http://127.0.0.1:8080/fhir')).toBe('http://127.0.0.1:8080');
    expect(sent).toHaveLength(1);
  });

  it('follows the link through its first load, live sync, an outage and polling', () => {
    const { link, sent, tick } = rig();
    link.configure('https://fhir.example.org/r4');
    tick(1000);
    link.loadProgress(progress(0, 0, null, 'export in progress: 10%'));
    expect(link.get()).toMatchObject({ state: 'initialLoad', since: '2026-12-01T09:00:01.000Z', initialLoad: progress(0, 0, null, 'export in progress: 10%') });
    tick(60_000);
    link.synced('2026-12-01T09:01:01.000Z', 'live');
    expect(link.get()).toMatchObject({ state: 'live', lastSyncAt: '2026-12-01T09:01:01.000Z', initialLoad: null, since: '2026-12-01T09:01:01.000Z' });
    tick(5000);
    // A later sync moves the time, an earlier one (reported late) never moves it back; the state's `since` stays.
    link.synced('2026-12-01T10:01:06+01:00', 'live');
    link.synced('2026-12-01T09:00:30.000Z', 'live');
    expect(link.get()).toMatchObject({ state: 'live', lastSyncAt: '2026-12-01T09:01:06.000Z', since: '2026-12-01T09:01:01.000Z' });
    tick(1000);
    link.offline('internal');
    expect(link.get()).toMatchObject({ state: 'offline', lastError: 'internal', lastSyncAt: '2026-12-01T09:01:06.000Z', since: '2026-12-01T09:01:07.000Z' });
    // Retrying keeps the last problem on show until a sync succeeds.
    link.connecting();
    expect(link.get()).toMatchObject({ state: 'connecting', lastError: 'internal' });
    link.authFailed('forbidden');
    expect(link.get()).toMatchObject({ state: 'authFailed', lastError: 'forbidden', lastSyncAt: '2026-12-01T09:01:06.000Z' });
    link.synced('2026-12-01T09:02:00.000Z', 'polling');
    expect(link.get()).toMatchObject({ state: 'polling', lastError: null, lastSyncAt: '2026-12-01T09:02:00.000Z' });
    expect(sent.map((s) => s.state)).toEqual(['connecting', 'initialLoad', 'live', 'live', 'offline', 'connecting', 'authFailed', 'polling']);
    // Each event is the state as it was then, checked by the strict schema.
    for (const s of sent) expect(EhrLinkStatusSchema.parse(s)).toEqual(s);
    expect(sent.at(-1)).toEqual(link.get());
  });

  it('sends nothing when nothing changed', () => {
    const { link, sent } = rig();
    link.outboxCounts({ waiting: 2, failed: 0, oldestWaitingSince: '2026-12-01T08:59:00Z' });
    link.outboxCounts({ waiting: 2, failed: 0, oldestWaitingSince: '2026-12-01T08:59:00.000Z' });
    link.configure('https://fhir.example.org/r4');
    link.configure('https://fhir.example.org/r4');
    link.connecting();
    expect(sent.map((s) => [s.state, s.outbox.waiting])).toEqual([
      ['notConfigured', 2],
      ['connecting', 2],
    ]);
  });

  it('counts the outbox whether or not a server is configured, and keeps the counts across configuration', () => {
    const { link, sent } = rig();
    link.outboxCounts({ waiting: 3, failed: 1, oldestWaitingSince: '2026-12-01T08:00:00.000Z' });
    expect(link.get()).toMatchObject({ state: 'notConfigured', outbox: { waiting: 3, failed: 1, oldestWaitingSince: '2026-12-01T08:00:00.000Z' } });
    link.configure('https://fhir.example.org');
    link.synced('2026-12-01T09:00:00.000Z', 'live');
    link.outboxCounts({ waiting: 0, failed: 1, oldestWaitingSince: null });
    expect(link.get()).toMatchObject({ state: 'live', outbox: { waiting: 0, failed: 1, oldestWaitingSince: null } });
    link.unconfigure();
    expect(link.get()).toMatchObject({ configured: false, server: null, state: 'notConfigured', lastSyncAt: null, outbox: { failed: 1 } });
    expect(sent).toHaveLength(5);
  });

  it('a different server forgets the last sync; the same server keeps it', () => {
    const { link } = rig();
    link.configure('https://fhir.example.org/r4');
    link.synced('2026-12-01T09:00:00.000Z', 'live');
    link.configure('https://fhir.example.org/r4/');
    expect(link.get()).toMatchObject({ state: 'connecting', lastSyncAt: '2026-12-01T09:00:00.000Z' });
    link.configure('https://other-ehr.example.org/fhir');
    expect(link.get()).toMatchObject({ server: 'https://other-ehr.example.org', lastSyncAt: null });
  });

  it('refuses the engine’s calls while no server is configured, and sends nothing', () => {
    const { link, sent } = rig();
    expect(() => link.connecting()).toThrow('not configured (connecting)');
    expect(() => link.loadProgress(progress(1))).toThrow('not configured (loadProgress)');
    expect(() => link.synced('2026-12-01T09:00:00.000Z', 'live')).toThrow('not configured (synced)');
    expect(() => link.offline('internal')).toThrow('not configured (offline)');
    expect(() => link.authFailed('forbidden')).toThrow('not configured (authFailed)');
    expect(sent).toEqual([]);
    expect(link.get().state).toBe('notConfigured');
  });

  it('refuses malformed counts, times and codes, and anything beyond its fields — no patient data gets in', () => {
    const { link, sent } = rig();
    link.configure('https://fhir.example.org/r4');
    const before = link.get();
    const refused = [
      () => link.loadProgress(progress(-1)),
      () => link.loadProgress(progress(1.5)),
      () => link.loadProgress(progress(10, 11, 10)),
      () => link.loadProgress(progress(10, 0, 10, 'Patient/123 Emma Smith\nDOB 1980-01-01')),
      () => link.loadProgress(progress(10, 0, 10, 'x'.repeat(101))),
      () => link.loadProgress({ ...progress(10), lastPatient: 'Emma Smith' } as never),
      () => link.synced('yesterday', 'live'),
      () => link.synced('2026-12-01T09:00:00.000Z', 'pushed' as never),
      () => link.offline('Emma Smith not found' as ErrorCode),
      () => link.authFailed('' as ErrorCode),
      () => link.outboxCounts({ waiting: 1, failed: 0, oldestWaitingSince: null }),
      () => link.outboxCounts({ waiting: 0, failed: 0, oldestWaitingSince: '2026-12-01T09:00:00.000Z' }),
      () => link.outboxCounts({ waiting: 1, failed: 0, oldestWaitingSince: '2026-12-01T09:00:00.000Z', nextJob: 'Communication for Emma Smith' } as never),
    ];
    for (const call of refused) expect(call).toThrow();
    expect(link.get()).toEqual(before);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent)).not.toContain('Emma');
  });

  it('reaches the page as ehr.status with the same payload', () => {
    const { events, link } = rig();
    const page = new EventBus();
    const received: { event: string; payload: unknown }[] = [];
    page.subscribe((event, payload) => received.push({ event, payload }));
    const stop = forwardToPage(events, page);
    link.configure('https://fhir.example.org/r4');
    link.outboxCounts({ waiting: 1, failed: 0, oldestWaitingSince: '2026-12-01T09:00:00.000Z' });
    stop();
    expect(received.map((r) => r.event)).toEqual(['ehr.status', 'ehr.status']);
    expect(received.at(-1)!.payload).toEqual(link.get());
    for (const r of received) expect(Object.keys(r.payload as object).sort()).toEqual(STATUS_KEYS);
  });

  it('coalesces the first load’s progress: the state follows every call, the events at most one per interval, the last always sent', async () => {
    const { link, sent } = rig(1000);
    const loaded = () => sent.map((s) => s.initialLoad?.resourcesDone ?? null);
    link.configure('https://fhir.example.org/r4');
    for (let i = 1; i <= 50; i++) link.loadProgress(progress(i * 100, Math.floor(i / 5), 10));
    expect(link.get().initialLoad).toEqual(progress(5000, 10, 10));
    // Entering the first load is sent at once; the rest waits for the interval, then the last is sent.
    expect(loaded()).toEqual([null, 100]);
    const until = Date.now() + 3000;
    while (sent.length < 3 && Date.now() < until) await sleep(20);
    expect(loaded()).toEqual([null, 100, 5000]);
    // Progress right behind it is held back; a change of state is sent at once and supersedes it (its timer is cleared).
    link.loadProgress(progress(5100, 10, 10));
    expect(sent).toHaveLength(3);
    link.synced('2026-12-01T09:05:00.000Z', 'live');
    expect(sent.at(-1)).toMatchObject({ state: 'live', initialLoad: null });
    await sleep(1100);
    expect(sent.map((s) => s.state)).toEqual(['connecting', 'initialLoad', 'initialLoad', 'live']);
  });

  it('sends progress still held back when stopped', () => {
    const { link, sent } = rig(10_000);
    link.configure('https://fhir.example.org/r4');
    link.loadProgress(progress(1));
    link.loadProgress(progress(2));
    expect(sent.at(-1)!.initialLoad?.resourcesDone).toBe(1);
    link.stop();
    expect(sent.at(-1)!.initialLoad?.resourcesDone).toBe(2);
  });
});
