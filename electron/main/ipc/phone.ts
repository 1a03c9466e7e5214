import type { Services } from '../services';
import type { Handlers } from '../dispatch';

type PhoneChannels =
  | 'phone.getState'
  | 'phone.configure'
  | 'phone.dial'
  | 'phone.answer'
  | 'phone.reject'
  | 'phone.hangup'
  | 'phone.hold'
  | 'phone.mute'
  | 'phone.dtmf'
  | 'phone.transfer'
  | 'phone.attendedTransfer'
  | 'phone.conference'
  | 'media.respond'
  | 'media.reattach'
  | 'media.restartIce'
  | 'escalation.start'
  | 'media.failed'
  | 'screenPop.resume';

export const phoneHandlers = (s: Services): Pick<Handlers, PhoneChannels> => ({
  'phone.getState': () => s.phone.state(),
  'screenPop.resume': () => s.resumeHeldPops(),
  'phone.configure': async (account) => {
    // Configured first: practice mode's phone refuses any account, and then none is saved.
    const state = await s.phone.configure(account);
    s.phoneAccounts.save(account);
    return state;
  },
  'phone.dial': ({ number }) => s.phone.dial(number),
  'phone.answer': ({ callId }) => s.phone.answer(callId),
  'phone.reject': ({ callId }) => s.phone.reject(callId),
  'phone.hangup': ({ callId }) => s.phone.hangup(callId),
  'phone.hold': ({ callId, hold }) => s.phone.hold(callId, hold),
  'phone.mute': ({ callId, muted }) => s.phone.mute(callId, muted),
  'phone.dtmf': ({ callId, digits }) => s.phone.dtmf(callId, digits),
  'phone.transfer': ({ callId, target }) => s.phone.transfer(callId, target),
  'phone.attendedTransfer': ({ callId, consultCallId }) => s.phone.attendedTransfer(callId, consultCallId),
  'phone.conference': ({ callId, otherCallId }) => s.phone.conference(callId, otherCallId),
  'escalation.start': ({ callId, escalation, reason, patientId, notes }) => s.escalation.escalate(callId, escalation, reason, { patientId, notes }),
  'media.restartIce': ({ callId }) => s.phone.restartIce(callId),
  'media.reattach': (_args, caller) => {
    s.media.claim(caller.clientId);
    return s.phone.reattachMedia();
  },
  'media.failed': ({ callId, reason }, caller) => {
    s.media.reportFailure(caller.clientId, callId, reason);
    return true;
  },
  'media.respond': ({ requestId, ok, sdp, error }, caller) => {
    s.media.respond(caller.clientId, requestId, ok, sdp, error);
    return true;
  },
});
