// Notices to a team lead are not lost while the lead's desktop is away: on the real rig, a MESSAGE to
// a lead who is not registered is refused by Kamailio (the softphone now reports that, instead of
// "sent"), the notice waits in the outbox (kept in a real encrypted store, so a restart of the app
// loses nothing), and goes out in order once the lead is back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keyFileProvider, openStore, OutboxJobRepository, type Store } from '../../../electron/cache';
import { storeOutbox } from '../../../electron/main/services/outbox-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { LeadOutbox } from '../../../electron/main/services/lead-outbox';
import { PhoneService } from '../../../electron/main/services/phone';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import { Kamailio, RIG_USERS, waitFor } from '../../rig/rig';
import { makePhone, registered, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

let kam: Kamailio;
let agent: PhoneService;
let lead: TestPhone | null = null;
let dir: string;
let agentStore: Store;

beforeAll(async () => {
  kam = await Kamailio.create();
  const events = new DomainEventBus();
  agent = new PhoneService(events, new AgentStatusService(events), () => new NodeRtpSessionDescriptionHandler());
  await agent.configure(SipAccountSchema.parse({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: RIG_USERS.alice, server: kam.wsUrl }));
  await waitFor(() => agent.status().registration === 'registered', 'agent registered');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-outbox-'));
  agentStore = openStore({ path: path.join(dir, 'agent.db'), keyProvider: keyFileProvider(path.join(dir, 'agent.key')) });
}, 60_000);

afterAll(async () => {
  await lead?.phone.stop();
  await ifSetUp(agent, (a) => a.stop());
  await ifSetUp(kam, (k) => k.dispose());
  ifSetUp(agentStore, (a) => {
    a.close();
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the outbox to the team leads', () => {
  it('a MESSAGE to a lead who is away is reported as not delivered', async () => {
    await expect(agent.notify('bob', '{"type":"test"}')).rejects.toMatchObject({ code: 'phoneOffline' });
  });

  it('keeps what the lead did not accept, across a restart of the app, and delivers it in order when the lead is back', async () => {
    const store = storeOutbox(new OutboxJobRepository(agentStore));
    const before = new LeadOutbox((to, body) => agent.notify(to, body), store);
    await before.post(['bob'], '{"n":1}');
    await before.post(['bob'], '{"n":2}');
    expect(before.waiting).toBe(2);
    await before.flush(); // still away: nothing lost, nothing reordered
    expect(before.waiting).toBe(2);
    // The app restarts: a new outbox over the same store picks up what was waiting.
    const outbox = new LeadOutbox((to, body) => agent.notify(to, body), storeOutbox(new OutboxJobRepository(agentStore)));
    expect(outbox.waiting).toBe(2);

    lead = makePhone(kam, 'bob');
    const received: string[] = [];
    lead.phone.on('message', (_from, body) => received.push(body));
    await lead.phone.start();
    await registered(lead);
    await outbox.flush();
    expect(outbox.waiting).toBe(0);
    await waitFor(() => received.length === 2, 'both notices at the lead');
    expect(received).toEqual(['{"n":1}', '{"n":2}']);

    // With the lead there, a new notice goes straight through; nothing is left waiting in the store.
    await outbox.post(['bob'], '{"n":3}');
    expect(outbox.waiting).toBe(0);
    await waitFor(() => received.length === 3, 'the third notice');
    expect(new LeadOutbox(() => Promise.resolve(), storeOutbox(new OutboxJobRepository(agentStore))).waiting).toBe(0);
  }, 30_000);
});
