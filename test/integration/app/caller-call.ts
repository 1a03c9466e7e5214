/**
 * A caller's call on a live desk without a SIP phone, through the two entry points the phone service
 * uses: the screen pop when an inbound call rings (`verification.callRang`, then the pop itself) and
 * `call.changed` on the domain event bus for every change of the call. The rig tests (test/e2e) do the same
 * with real SIP calls; these keep the verification rules fast to exercise.
 */
import crypto from 'node:crypto';
import type { CallView } from '../../../shared/domain/call';
import type { Services } from '../../../electron/main/services';
import { screenPop } from '../../../electron/main/services/screen-pop';

let counter = 0;

export interface TestCall {
  id: string;
  view(): CallView;
  answer(): void;
  hangup(): void;
}

/** A call as a phone reports it: by default a caller ringing in from `number`; `patch` changes any field. */
export function callView(id: string, patch: Partial<CallView> = {}, number = '+15550199001'): CallView {
  return {
    id,
    direction: 'inbound',
    state: 'ringing',
    remote: { displayName: null, user: number.replace(/^\+/, ''), e164: number },
    createdAt: new Date().toISOString(),
    answeredAt: null,
    endedAt: null,
    muted: false,
    heldSince: null,
    endReason: null,
    conferenceWith: [],
    monitor: null,
    ...patch,
  };
}

/** A call of `kind`: a caller ringing in (popped), or another leg (a consult, a lead's monitoring leg) that never pops. */
export function ringIn(services: Services, number: string, kind: 'caller' | 'consult' | 'monitor' = 'caller'): TestCall {
  const id = `t${++counter}-${crypto.randomUUID().slice(0, 8)}`;
  let view = callView(
    id,
    {
      direction: kind === 'consult' ? 'outbound' : 'inbound',
      state: kind === 'consult' ? 'dialing' : 'ringing',
      monitor: kind === 'monitor' ? 'listen' : null,
    },
    number,
  );
  const emit = (patch: Partial<CallView>) => {
    view = { ...view, ...patch };
    services.events.emit('call.changed', view);
  };
  emit({});
  if (kind === 'caller') {
    services.verification.callRang(view);
    services.events.emit('call.popped', screenPop(services.patients, view, services.actor));
  }
  return {
    id,
    view: () => view,
    answer: () => {
      emit({ state: 'active', answeredAt: new Date().toISOString() });
    },
    hangup: () => {
      emit({ state: 'ended', endedAt: new Date().toISOString(), endReason: 'hung up by caller' });
    },
  };
}

/** A caller's call, rung in and answered. */
export function answeredCall(services: Services, number = '+15550199001'): TestCall {
  const c = ringIn(services, number);
  c.answer();
  return c;
}

/**
 * A new caller on the line: the previous caller's call (if any) hangs up and its work ends, then a
 * new caller's call rings in and is answered. What one caller proved never carries to the next.
 */
export function callerTakesOver(services: Services, previous: TestCall | null, number = '+15550199001'): TestCall {
  if (previous) {
    previous.hangup();
    services.verification.workDone(previous.id);
  }
  return answeredCall(services, number);
}
