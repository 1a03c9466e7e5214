/**
 * The screen pop: an incoming call's caller ID looked up in the encrypted cache the moment the call
 * reaches the main process, before the agent answers. Audited like every lookup. A caller ID that is
 * not a phone number (withheld, a SIP name) pops an empty result, and the agent searches instead.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { CallView } from '../../../shared/domain/call';
import { CodedError } from '../../../shared/errors';
import type { ScreenPop } from '../../../shared/ipc/contract';
import { Spans, toE164 } from '../../cache';
import type { PatientRepository } from '../../cache/repositories/patients';
import { toCallerChoice } from '../../../shared/domain/patient';
import { safeLog } from '../safe-log';

/** The main process's event-loop delay between two pops (how busy it was with SIP, the bridge, the rest). */
let loopDelay: IntervalHistogram | null = null;

export function screenPop(patients: PatientRepository, call: CallView, actor: string): ScreenPop {
  const spans = new Spans();
  const inviteAt = Date.parse(call.createdAt);
  const sinceInvite = Date.now() - inviteAt;
  const number = call.remote.e164 ?? (/^\+?\d{7,15}$/.test(call.remote.user) ? toE164(call.remote.user, patients.defaultRegion) : null);
  // Parsed once: a caller ID in E.164 is checked here, one in digits was normalised just above.
  const e164 = number !== null && number === call.remote.e164 ? toE164(number, patients.defaultRegion) : number;
  spans.mark('e164');
  let matches: ScreenPop['matches'] = [];
  if (number) {
    try {
      if (!e164) throw new CodedError('invalidArgument', 'not a phone number');
      // Only what picks the caller goes to the page: never a date of birth, an MRN or anything clinical.
      matches = patients.lookupByE164(e164, { actor, reason: 'screen pop for an incoming call' }, spans).map(toCallerChoice);
      spans.mark('choices');
    } catch (err) {
      safeLog.warn('screen pop lookup failed', err);
    }
  }
  const lookupSpans = spans.finish();
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
  } else {
    lookupSpans.loopDelayMax = Number((loopDelay.max / 1e6).toFixed(3));
    loopDelay.reset();
  }
  lookupSpans.sinceInvite = sinceInvite;
  return { callId: call.id, number, matches, lookupMs: lookupSpans.total ?? 0, lookupSpans, inviteAt };
}
