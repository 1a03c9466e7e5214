// Agent state as SIP presence and live call state as the dialog event package, through Kamailio's
// presence server: a team lead's phone subscribes and receives the NOTIFYs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kamailio, waitFor } from '../../rig/rig';
import { parseDialogInfo, parsePidf } from '../../../electron/softphone/presence-docs';
import { callState, makePhone, registered, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

let kam: Kamailio;
let alice: TestPhone;
let lead: TestPhone;
let dave: TestPhone;

beforeAll(async () => {
  kam = await Kamailio.create();
  [alice, lead, dave] = [makePhone(kam, 'alice'), makePhone(kam, 'carol'), makePhone(kam, 'dave')];
  for (const p of [alice, lead, dave]) await p.phone.start();
  for (const p of [alice, lead, dave]) await registered(p);
}, 60_000);

afterAll(async () => {
  for (const p of [alice, lead, dave]) await ifSetUp(p, (r) => r.phone.stop().catch(() => undefined));
  await ifSetUp(kam, (k) => k.dispose());
});

describe('presence and dialog state for the team lead', () => {
  it('publishes the agent state; a subscribed lead sees every change', async () => {
    const seen: string[] = [];
    let notifies = 0;
    const stop = lead.phone.watch('alice', 'presence', (body) => {
      notifies++;
      const p = parsePidf(body);
      if (p.state) seen.push(p.state);
    });
    await waitFor(() => notifies > 0, 'the subscription to be active');
    await alice.phone.publishAgentState('available');
    await waitFor(() => seen.at(-1) === 'available', 'available at the lead').catch((e: unknown) => {
      console.log(kam.log.slice(-4000));
      throw e;
    });
    await alice.phone.publishAgentState('break');
    await waitFor(() => seen.at(-1) === 'break', 'break at the lead');
    await stop();
  });

  it('publishes call state (RFC 4235); the lead sees the call confirmed, then terminated', async () => {
    const states: string[] = [];
    let notifies = 0;
    const stop = lead.phone.watch('alice', 'dialog', (body) => {
      notifies++;
      for (const d of parseDialogInfo(body)) states.push(d.state);
    });
    await waitFor(() => notifies > 0, 'the subscription to be active');
    const since = alice.calls.length;
    const out = await dave.phone.dial('alice');
    await waitFor(() => alice.calls.slice(since).some((c) => c.state === 'ringing'), 'ringing');
    const atAlice = alice.calls.slice(since).find((c) => c.state === 'ringing')!;
    await alice.phone.answer(atAlice.id);
    await callState(dave, out.id, 'active');
    await waitFor(() => states.includes('confirmed'), 'confirmed at the lead');
    await dave.phone.hangup(out.id);
    await waitFor(() => states.at(-1) === 'terminated', 'terminated at the lead');
    expect(states).toContain('early');
    await stop();
  });
});
