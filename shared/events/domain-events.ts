/**
 * The main process's domain events: what happened on this desk, typed, for the services to react to
 * (verification, contact records, monitoring, practice scoring, the page). They are not the page's
 * events: the contract's `Events` are derived from a table of the domain events forwarded to the page
 * (shared/ipc/contract.ts), and only electron/main/forward-to-page.ts turns one into the other. A
 * forwarded event's payload goes to the page as it is, so it holds only what the page may see; an event
 * that is not forwarded (call.ended) never leaves the main process.
 */
import type { AgentStatus } from '../domain/agent';
import type { Alert } from '../domain/alerts';
import type { BoardRow } from '../domain/board';
import type { CallView } from '../domain/call';
import type { EhrLinkStatus } from '../domain/ehr-link';
import type { PhoneStatus } from '../domain/phone';
import type { ScreenPop } from '../domain/screen-pop';
import type { Settings } from '../domain/settings';
import type { EscalationProgress } from '../escalation/targets';
import type { PracticeView } from '../practice/view';
import type { VerificationUpdate } from '../verification/state';
import type { WriteBackFailure } from '../ehr/write-back';
import type { HandoffView } from '../handoff/handoff';
import type { IdentityStatus } from '../identity/identity-status';
import type { ResetOffer } from '../domain/not-ready';

/**
 * Which leg of the desk's calls: a caller's call (inbound, with a caller: a contact), an escalation's
 * consult leg (the agent calling the target while the caller waits), any other call the agent placed,
 * or a team lead's monitoring leg (on the lead's desk or the agent's).
 */
export const CALL_LEGS = ['caller', 'consult', 'outbound', 'monitor'] as const;
export type CallLeg = (typeof CALL_LEGS)[number];

/** A call ended: reported once per call, however often the phone says so. */
export interface CallEnded {
  callId: string;
  leg: CallLeg;
  /** Why it ended, as the phone says (hung up by caller, rejected, transferred, failed: SIP status). */
  reason: string | null;
  /** Whether it was ever connected (an inbound call never answered was abandoned or refused). */
  answered: boolean;
  /** The call as it was when it ended. */
  call: CallView;
}

/** A conference or monitoring session lost its audio and was undone. */
export interface CallMediaFailed {
  callId: string;
  during: 'conference' | 'monitor';
}

/** Patients whose cached record changed because the FHIR server's copy changed (a sync or a write-back answer). */
export interface PatientChanged {
  patientIds: string[];
  source: 'sync' | 'export' | 'write-back';
}

export interface DomainEvents {
  /** Any call changed (every leg: a caller's call, a consult, a monitoring leg). */
  'call.changed': CallView;
  /** A call ended (once per call): which leg, why, and whether it was answered. */
  'call.ended': CallEnded;
  /** A caller's call rang in and the cache was searched for who it may be. */
  'call.popped': ScreenPop;
  'call.mediaFailed': CallMediaFailed;
  'phone.statusChanged': PhoneStatus;
  'agent.stateChanged': AgentStatus;
  /** Every change of the caller's verification (state null: the call's work is over, drop what it unlocked). */
  'verification.changed': VerificationUpdate;
  /** Where an escalation stands (calling, connected, conferenced, unanswered, …). */
  'escalation.progressed': EscalationProgress;
  'settings.changed': Settings;
  /** Practice mode: the practice call as the trainee sees it (null: back to the scenario picker). */
  'practice.changed': PracticeView | null;
  /** Team-lead mode: the board rows that changed (coalesced). */
  'board.changed': { rows: BoardRow[] };
  /** Team-lead mode: an alert raised or changed. */
  'alert.changed': Alert;
  /** The EHR link changed: its state, the last sync, the first load's progress, the outbox counts (never patient data). */
  'sync.changed': EhrLinkStatus;
  /** The FHIR server's copy of these patients changed in the cache (ids only): an open patient view refreshes. */
  'patient.changed': PatientChanged;
  /** A write to the site's FHIR server was refused with a business answer (conflict, refused): the kind of record and the code, never the record. */
  'ehr.writeFailed': WriteBackFailure;
  /** A call carried another desk's hand-off: confirmed or not (what the page may see of it). */
  'handoff.received': HandoffView;
  /** Who is at the desk changed (what the page may see of it). */
  'identity.changed': IdentityStatus;
  /** After a hard call's wrap-up: the desk offers the agent a short reset (no caller, no call in it). */
  'care.resetOffered': ResetOffer;
}
export type DomainEventName = keyof DomainEvents;

/** Which leg a call is; `consult` is known only to the phone that placed it for an escalation. */
export function legOf(call: CallView, consult: boolean): CallLeg {
  if (call.monitor) return 'monitor';
  if (call.direction === 'inbound') return 'caller';
  return consult ? 'consult' : 'outbound';
}
