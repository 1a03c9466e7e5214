/**
 * Calls as the renderer sees them: plain serialisable data keyed by call id. Live sip.js objects never
 * leave electron/softphone/; the main process turns their state into these.
 */
import { z } from 'zod';
import type { MonitorMode } from './monitor';

export const CALL_STATES = ['ringing', 'dialing', 'active', 'held', 'transferring', 'ended'] as const;
export type CallState = (typeof CALL_STATES)[number];

export interface CallParty {
  /** Caller-supplied display name: untrusted, length-limited, control characters stripped. Rendered as text only. */
  displayName: string | null;
  /** The SIP user part or number as received (sanitised). */
  user: string;
  /** The number in E.164 when it is one. */
  e164: string | null;
}

export interface CallView {
  id: string;
  direction: 'inbound' | 'outbound';
  state: CallState;
  remote: CallParty;
  /** ISO timestamps. */
  createdAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  muted: boolean;
  /** When the caller was put on hold (ISO), while they are. */
  heldSince: string | null;
  /** Why the call ended (hung up by caller, rejected, transferred, failed: SIP status). */
  endReason: string | null;
  /** Others on the line in a conference (escalations that keep the agent on). */
  conferenceWith: CallParty[];
  /** A team lead's monitoring leg (listen / whisper / barge), not a call with a caller. */
  monitor: MonitorMode | null;
  /** The last in-dialog request of ours that the far end or the server refused; the call is still up. */
  notice?: CallNotice | null;
}

/** A call as it starts: ringing in, or dialling out; not yet answered, nothing on it yet. */
export function newCallView(start: Pick<CallView, 'id' | 'direction' | 'remote'> & Partial<Pick<CallView, 'state' | 'monitor'>>): CallView {
  return {
    state: start.direction === 'inbound' ? 'ringing' : 'dialing',
    monitor: null,
    ...start,
    createdAt: new Date().toISOString(),
    answeredAt: null,
    endedAt: null,
    muted: false,
    heldSince: null,
    endReason: null,
    conferenceWith: [],
  };
}

/**
 * What the agent is told when a request inside a connected call fails (a refused transfer, hold or
 * resume, a refused SIP INFO, a media renegotiation that could not be applied): the call stays as it was.
 */
export const CALL_NOTICE_KINDS = ['transferRefused', 'holdRefused', 'resumeRefused', 'infoRefused', 'renegotiationFailed'] as const;
export type CallNoticeKind = (typeof CALL_NOTICE_KINDS)[number];
export interface CallNotice {
  kind: CallNoticeKind;
  /** The SIP status of the refusal (403, 408, 488, ...), null when none came (e.g. the media could not be applied). */
  status: number | null;
  at: string;
}

export const CallIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a call id');
/** What an agent may dial or transfer to: a phone number, an extension name, or a sip: URI. */
export const DialNumberSchema = z
  .string()
  .trim()
  .min(2)
  .max(200)
  .regex(
    /^(sips?:[A-Za-z0-9._~+-]{1,64}@[A-Za-z0-9.-]{1,120}(:\d{1,5})?|[A-Za-z][A-Za-z0-9._~-]{0,63}|[+0-9 ()*#.-]{2,32})$/,
    'a phone number, an extension or a sip: address',
  );
export const DtmfSchema = z.string().regex(/^[0-9*#A-D]{1,32}$/, 'DTMF digits 0-9 * # A-D');
export const TransferTargetSchema = DialNumberSchema;
