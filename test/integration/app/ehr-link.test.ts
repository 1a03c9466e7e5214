// The EHR link's state through the real WebSocket bridge, on the real main-process services over a
// real encrypted store: the page reads it with ehr.getStatus (notConfigured: no FHIR server is set up)
// and every change the sync engine and the outbox worker report reaches it as an ehr.status event.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type RunningBridge } from '../../../electron/main/bridge';
import { createDispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { EhrLinkStatusSchema, type EhrLinkStatus } from '../../../shared/domain/ehr-link';
import type { CarefrontError } from '../../../shared/errors';
import type { BridgeResponse } from '../../../shared/ipc/bridge-protocol';
import { ifSetUp } from '../../if-set-up';
import { messageText } from '../../ws-text';

/** A result as the test reads it: the value when it is ok, the error when not. */
interface Reply {
  ok: boolean;
  value?: unknown;
  error?: CarefrontError;
}

let dir: string;
let services: Services;
let bridge: RunningBridge;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-ehr-link-'));
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  services = await createServices({ dataDir: path.join(dir, 'data'), transport: 'bridge', demoPatients: 20 });
  bridge = await startBridge({ dispatch: createDispatch(buildHandlers(services)), bus: services.bus, staticDir });
});

afterAll(async () => {
  await ifSetUp(bridge, (b) => b.close());
  await ifSetUp(services, (s) => s.close());
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A page's connection: contract calls, and the ehr.status events it has been pushed. */
async function page() {
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge?token=${encodeURIComponent(bridge.token)}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const statuses: EhrLinkStatus[] = [];
  const results = new Map<number | null, (r: Reply) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(messageText(data)) as BridgeResponse;
    if (msg.kind === 'event' && msg.event === 'ehr.status') statuses.push(msg.payload as EhrLinkStatus);
    if (msg.kind === 'result') results.get(msg.id)?.(msg.result);
  });
  let nextId = 1;
  return {
    statuses,
    call: (channel: string, args: unknown) =>
      new Promise<Reply>((resolve) => {
        const id = nextId++;
        results.set(id, resolve);
        ws.send(JSON.stringify({ kind: 'invoke', id, channel, args }));
      }),
    /** Waits until `n` ehr.status events have come (they follow the service's calls at once). */
    events: async (n: number) => {
      const until = Date.now() + 5000;
      while (statuses.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      return statuses;
    },
    close: () => {
      ws.close();
    },
  };
}

describe('the EHR link over the bridge', () => {
  it('with no FHIR server configured the page reads notConfigured, and bad arguments are refused', async () => {
    const p = await page();
    const read = await p.call('ehr.getStatus', {});
    expect(read.ok).toBe(true);
    expect(read.value).toMatchObject({
      configured: false,
      server: null,
      state: 'notConfigured',
      lastSyncAt: null,
      initialLoad: null,
      outbox: { waiting: 0, failed: 0, oldestWaitingSince: null },
      lastError: null,
    });
    expect(EhrLinkStatusSchema.parse(read.value)).toEqual(read.value);
    const extra = await p.call('ehr.getStatus', { server: 'https://evil.example' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalidArgument' } });
    expect(p.statuses).toEqual([]);
    p.close();
  });

  it('every change the engine and the outbox worker report reaches each page as ehr.status, and the next read agrees', async () => {
    const a = await page();
    const b = await page();
    const link = services.ehrLink;
    const seen = [
      link.configure('https://svc:secret@fhir.example.org:9443/r4/'),
      link.loadProgress({ resourcesDone: 12_345, filesDone: 3, filesTotal: 10, serverProgress: null }),
      link.synced(new Date().toISOString(), 'live'),
      link.outboxCounts({ waiting: 2, failed: 1, oldestWaitingSince: new Date(Date.now() - 60_000).toISOString() }),
      link.offline('internal'),
    ];
    for (const p of [a, b]) {
      const events = await p.events(seen.length);
      expect(events).toEqual(seen);
      expect(events.map((s) => s.state)).toEqual(['connecting', 'initialLoad', 'live', 'live', 'offline']);
      expect(events.every((s) => s.server === 'https://fhir.example.org:9443')).toBe(true);
      expect(JSON.stringify(events)).not.toContain('secret');
    }
    const read = await a.call('ehr.getStatus', {});
    expect(read.value).toEqual(seen.at(-1));
    expect(read.value).toMatchObject({ state: 'offline', lastError: 'internal', outbox: { waiting: 2, failed: 1 } });
    // Back to no configuration, as at start (the outbox counts stay: the worker reports them).
    link.unconfigure();
    link.outboxCounts({ waiting: 0, failed: 0, oldestWaitingSince: null });
    expect((await a.events(seen.length + 2)).at(-1)).toMatchObject({ state: 'notConfigured', server: null, outbox: { waiting: 0, failed: 0 } });
    a.close();
    b.close();
  });
});
