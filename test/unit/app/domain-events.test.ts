// The domain events: a typed bus whose listeners cannot stop each other (and whose log carries no
// payload), the one forwarding to the page (the page's events derived from it), calls reported once
// ended with their leg, and what hangs off call.ended on a real desk: one contact record per call,
// and verification that only the caller's own call ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { CallReporter } from '../../../electron/main/call-reporter';
import { EventBus } from '../../../electron/main/event-bus';
import { forwardToPage } from '../../../electron/main/forward-to-page';
import { createServices, type Services } from '../../../electron/main/services';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { EscalationService, loadEscalationConfig } from '../../../electron/main/services/escalation';
import { SimulatedPhone } from '../../../electron/practice/simulated-phone';
import type { CallView } from '../../../shared/domain/call';
import type { CallEnded, DomainEventName, DomainEvents } from '../../../shared/events/domain-events';
import { EVENT_NAMES, FORWARDED_EVENTS, type EventName, type Events, type ForwardedEventName } from '../../../shared/ipc/contract';
import { callView } from '../../integration/app/caller-call';
import { ifSetUp } from '../../if-set-up';

const assetsDir = path.resolve(__dirname, '../../../assets');

/** The call's life as a phone reports it: answered, then ended (`endings` times: a phone may say so twice). */
function reportCall(reporter: CallReporter, id: string, base: Partial<CallView> = {}, endings = 1): CallView {
  const answeredAt = new Date().toISOString();
  reporter.changed(callView(id, base));
  reporter.changed(callView(id, { ...base, state: 'active', answeredAt }));
  const ended = callView(id, { ...base, state: 'ended', answeredAt, endedAt: new Date().toISOString(), endReason: 'hung up by caller' });
  for (let i = 0; i < endings; i++) reporter.changed(ended);
  return ended;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the domain event bus', () => {
  it('delivers each event, typed, to its listeners in the order they subscribed, until they unsubscribe', () => {
    const events = new DomainEventBus();
    const seen: string[] = [];
    events.on('agent.stateChanged', (s) => seen.push(`first ${s.state}`));
    const off = events.on('agent.stateChanged', (s) => seen.push(`second ${s.state}`));
    events.on('phone.statusChanged', (s) => seen.push(`phone ${s.registration}`));
    events.emit('agent.stateChanged', { state: 'available', reason: null, since: new Date().toISOString() });
    off();
    events.emit('agent.stateChanged', { state: 'break', reason: 'break', since: new Date().toISOString() });
    expect(seen).toEqual(['first available', 'second available', 'first break']);
    expectTypeOf<DomainEvents['call.ended']>().toEqualTypeOf<CallEnded>();
    // @ts-expect-error a payload of the wrong type does not compile
    events.emit('agent.stateChanged', { registration: 'registered', reason: null });
    // @ts-expect-error nor does an event that is not declared
    events.on('call.updated', () => undefined);
  });

  it('a listener that throws does not stop the others, and the log names the event and the error class, never the payload', () => {
    const events = new DomainEventBus();
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    class PatientLookupError extends Error {}
    const reached: string[] = [];
    events.on('verification.changed', () => reached.push('before'));
    events.on('verification.changed', (u) => {
      throw new PatientLookupError(`no record for ${u.patientId} (Maria Lopez, 1985-03-12)`);
    });
    events.on('verification.changed', (u) => reached.push(`after ${u.callId}`));
    events.emit('verification.changed', { callId: 'c1', patientId: 'patient-maria-lopez', state: null });
    expect(reached).toEqual(['before', 'after c1']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('verification.changed');
    expect(logged[0]).toContain('PatientLookupError');
    for (const secret of ['Maria', '1985', 'patient-maria-lopez', 'c1']) expect(logged[0]).not.toContain(secret);
  });
});

describe('forwarding to the page', () => {
  it("the page's events are the forwarded domain events (by the page's names) and the page's own (media, the sign-in's browser leg), nothing else", () => {
    const forwarded = Object.keys(FORWARDED_EVENTS);
    expect([...EVENT_NAMES].sort()).toEqual([...forwarded, 'media.owner', 'media.request', 'identity.openBrowser'].sort());
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
    expect(Object.values(FORWARDED_EVENTS)).not.toContain('call.ended');
    // Each page event's payload is its domain event's, by construction.
    type Same = {
      [P in ForwardedEventName]: [Events[P], DomainEvents[(typeof FORWARDED_EVENTS)[P]]] extends [DomainEvents[(typeof FORWARDED_EVENTS)[P]], Events[P]]
        ? true
        : false;
    };
    expectTypeOf<Same[ForwardedEventName]>().toEqualTypeOf<true>();
    expectTypeOf<Events['call.updated']>().toEqualTypeOf<CallView>();
  });

  it('every forwarded domain event reaches the page under its page name, payload unchanged; call.ended does not', () => {
    const events = new DomainEventBus();
    const page = new EventBus();
    const received: { event: EventName; payload: unknown }[] = [];
    page.subscribe((event, payload) => received.push({ event, payload }));
    const stop = forwardToPage(events, page);
    for (const [pageName, domainName] of Object.entries(FORWARDED_EVENTS)) {
      const payload = { marker: pageName };
      (events.emit as (e: DomainEventName, p: unknown) => void)(domainName, payload);
      expect(received.at(-1)).toEqual({ event: pageName, payload });
    }
    const count = received.length;
    const call = callView('c-ended', { state: 'ended' });
    events.emit('call.ended', { callId: call.id, leg: 'caller', reason: null, answered: false, call });
    expect(received).toHaveLength(count);
    stop();
    events.emit('agent.stateChanged', { state: 'available', reason: null, since: new Date().toISOString() });
    expect(received).toHaveLength(count);
  });
});

describe('calls reported as domain events', () => {
  it('every change is call.changed; the end is call.ended once, with the leg, why, and whether it was answered', () => {
    const events = new DomainEventBus();
    const changed: string[] = [];
    const ended: CallEnded[] = [];
    events.on('call.changed', (c) => changed.push(`${c.id} ${c.state}`));
    events.on('call.ended', (e) => ended.push(e));
    const reporter = new CallReporter(events);
    reportCall(reporter, 'caller-1', {}, 2);
    reportCall(reporter, 'lead-leg', { monitor: 'listen' });
    reportCall(reporter, 'dialled', { direction: 'outbound', state: 'dialing' });
    reporter.changed(callView('abandoned'));
    reporter.changed(callView('abandoned', { state: 'ended', endedAt: new Date().toISOString(), endReason: 'hung up by the other party' }));
    expect(changed.filter((c) => c === 'caller-1 ended')).toHaveLength(2);
    expect(ended.map((e) => [e.callId, e.leg, e.reason, e.answered])).toEqual([
      ['caller-1', 'caller', 'hung up by caller', true],
      ['lead-leg', 'monitor', 'hung up by caller', true],
      ['dialled', 'outbound', 'hung up by caller', true],
      ['abandoned', 'caller', 'hung up by the other party', false],
    ]);
  });

  it("an escalation's call to its target is reported as a consult leg", async () => {
    const events = new DomainEventBus();
    const ended: CallEnded[] = [];
    events.on('call.ended', (e) => ended.push(e));
    const phone = new SimulatedPhone(events, new AgentStatusService(events), () => undefined);
    const escalation = new EscalationService(
      phone,
      loadEscalationConfig(assetsDir),
      () => 'test-agent',
      () => Promise.resolve(),
    );
    const caller = phone.ringIn({ number: '+15550199001', displayName: 'Test Caller' });
    await phone.answer(caller.id);
    const progress = await escalation.escalate(caller.id, 'supervisor', 'complaint');
    await phone.hangup(progress.targetCallId!);
    await phone.hangup(caller.id);
    expect(ended.map((e) => [e.callId, e.leg])).toEqual([
      [progress.targetCallId, 'consult'],
      [caller.id, 'caller'],
    ]);
  });
});

describe('on a live desk', () => {
  let dir: string;
  let services: Services;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-domain-events-'));
    services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 30 });
  });

  afterAll(async () => {
    await ifSetUp(services, (s) => s.close());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const contactsOf = (callId: string) => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    return services.contactRecords
      .forKpis({ from, to, wrapUpsTo: to, surveysTo: to }, { actor: 'test', reason: 'test' })
      .calls.filter((r) => r.callId === callId);
  };

  it('a caller’s call the phone reports ended twice is one contact record, and the wrap-up that follows names it', () => {
    const reporter = new CallReporter(services.events);
    reportCall(reporter, 'twice-ended', {}, 2);
    expect(contactsOf('twice-ended')).toHaveLength(1);
    expect(services.teamwork!.wrappingUp()).toBe('twice-ended');
    // A lead's monitoring leg is not a contact.
    reportCall(reporter, 'monitor-leg', { monitor: 'whisper' });
    expect(contactsOf('monitor-leg')).toHaveLength(0);
    expect(services.teamwork!.wrappingUp()).toBe('twice-ended');
  });

  it('verification ends only with the caller’s own call: a consult or monitoring leg ending leaves it live', () => {
    const reporter = new CallReporter(services.events);
    const patientId = (services.store.connection().prepare('SELECT id FROM patient_index LIMIT 1').get() as { id: string }).id;
    const name = services.patients.summary(patientId, { actor: 'test', reason: 'test fixture' }).patient.name;
    const ringing = callView('caller-call');
    services.verification.callRang(ringing);
    reporter.changed(ringing);
    reporter.changed(callView('caller-call', { state: 'active', answeredAt: new Date().toISOString() }));
    services.verification.check(patientId, 'name', name);
    reportCall(reporter, 'consult-leg', { direction: 'outbound', state: 'dialing' });
    reportCall(reporter, 'lead-leg', { monitor: 'listen' });
    expect(services.verification.state(patientId)).toMatchObject({ callId: 'caller-call', live: true, results: { name: 'match' } });
    reporter.changed(callView('caller-call', { state: 'ended', answeredAt: new Date().toISOString(), endedAt: new Date().toISOString() }));
    expect(services.verification.state(patientId)).toMatchObject({ callId: 'caller-call', live: false });
  });
});
