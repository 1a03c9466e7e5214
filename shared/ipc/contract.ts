/**
 * THE IPC contract: every channel the renderer may call (argument schema + result type) and every
 * event the main process pushes. The main process registers handlers from this object only, the
 * preload and the WebSocket bridge expose exactly it, and every argument is validated against its
 * schema in the main process before a handler runs.
 */
import { z } from 'zod';
import type { MyDay } from '../domain/my-day';
import { AgentStateSchema, type AgentStatus } from '../domain/agent';
import { NotReadyReasonId, type NotReadyReason, type NotReadyTimes } from '../domain/not-ready';
import { FhirId, IsoDate, PhoneInput, type CallerChoice, type PatientSummary } from '../domain/patient';
import { LANGUAGE_CODES } from '../i18n/languages';
import { CallReasonSchema } from '../domain/call-reasons';
import type { ServedGuide } from '../guides/schema';
import type { CarefrontError } from '../errors';
import { WrapUpSchema, type WrapUpSaved } from '../domain/wrap-up';
import { CallIdSchema, DialNumberSchema, DtmfSchema, TransferTargetSchema, type CallView } from '../domain/call';
import { SipAccountSchema, type PhoneStatus } from '../domain/phone';
import type { ScreenPop } from '../domain/screen-pop';
import type { EhrLinkStatus } from '../domain/ehr-link';
import type { OutboxProblem } from '../ehr/write-back';
import type { Settings } from '../domain/settings';
import type { IdentityStatus } from '../identity/identity-status';
import type { DomainEventName, DomainEvents } from '../events/domain-events';
import { IDENTIFIERS, STEP_UP_REQUESTS } from '../verification/policy';
import { CHECK_SUBJECTS, RED_FLAGS, type VerificationState } from '../verification/state';
import type { TriggerPack } from '../guidance/coach';
import type { PromptPack } from '../guidance/prompts';
import type { BoardRow } from '../domain/board';
import { MonitorModeSchema, type MonitorMode, type MonitorSession } from '../domain/monitor';
import { SipUserSchema } from '../team/team';
import type { KpiReport } from '../kpi/kpi';
import type { Sourced } from '../ehr/team-data-source';
import { FOLLOW_UPS, type Alert } from '../domain/alerts';
import { ESCALATIONS, ESCALATION_REASONS, type EscalationProgress } from '../escalation/targets';
import type { PracticeAttempt, PracticeView, ScenarioListing } from '../practice/view';
import { HandoffNotesSchema } from '../handoff/handoff';
import {
  WorklistClaimArgs,
  WorklistCompleteArgs,
  WorklistListArgs,
  WorklistRaiseArgs,
  WorklistReleaseArgs,
  type WorklistActionResult,
  type WorklistRaised,
  type WorklistView,
} from '../domain/worklist';
import {
  BookSchema,
  CancelSchema,
  RescheduleSchema,
  SlotQuerySchema,
  type BookingOutcome,
  type CancelledAppointment,
  type SlotSearchResult,
} from '../domain/scheduling';
import {
  KnowledgeOpenArgs,
  KnowledgeSearchArgs,
  KnowledgeSuggestArgs,
  type KnowledgeArticleView,
  type KnowledgeHit,
  type KnowledgeSuggestion,
} from '../knowledge/article';

export type { PhoneStatus, ScreenPop, Settings };

/** A channel: the runtime schema of its arguments (their types are inferred from it) and the type of its result. */
export interface Channel<S extends z.ZodType, R> {
  args: S;
  result: R;
}

/** Declares a channel from its argument schema, written once: `channel(Schema).returns<Result>()`. */
function channel<S extends z.ZodType>(args: S): { returns<R>(): Channel<S, R> } {
  return { returns: <R>(): Channel<S, R> => ({ args, result: undefined as R }) };
}

const NoArgs = z.object({}).strict();

/** Who runs this desktop: an agent, or a team lead (the board, alerts, monitoring and KPIs). */
export const APP_ROLES = ['agent', 'teamLead'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export interface AppInfo {
  version: string;
  role: AppRole;
  /** How this renderer reaches the main process. */
  transport: 'electron' | 'bridge';
  /** Practice mode: simulated callers, the synthetic practice store, no real calls. */
  mode: 'live' | 'practice';
  store: { kind: 'demo' | 'configured' | 'practice'; encrypted: boolean; patients: number };
  phone: PhoneStatus;
  /** ISO 3166 region of the numbers on file written without a country code (the store's): shown in national format. */
  phoneRegion: string;
}

/** The phone as the renderer sees it: registration, calls, and the account (never its password). */
export interface PhoneState {
  status: PhoneStatus;
  calls: CallView[];
  account: { uri: string; server: string; displayName: string | null } | null;
}

/** Why the renderer says a call's media failed. */
export const MEDIA_FAILURES = ['peerFailed', 'trackEnded'] as const;
export type MediaFailure = (typeof MEDIA_FAILURES)[number];

/** What the main process's session description handler asks of the renderer's media. */
export type MediaOp =
  | { op: 'getDescription'; hold: boolean; iceRestart: boolean }
  | { op: 'setDescription'; sdp: string }
  | { op: 'dtmf'; tones: string }
  | { op: 'mute'; muted: boolean }
  | { op: 'conference'; withCallId: string }
  | { op: 'monitor'; withCallId: string; mode: MonitorMode }
  /** Ends this call's part in a conference or monitoring mix: its WebAudio nodes are disconnected. */
  | { op: 'unmix' }
  | { op: 'close' };
export type MediaRequest = { requestId: number; callId: string } & MediaOp;

const CallArgs = z.object({ callId: CallIdSchema }).strict();
const PracticeScenarioId = z.string().regex(/^[a-z][a-zA-Z0-9-]{1,60}$/, 'a scenario id');
/** A trainee's name as the practice desk takes it (and as a practice attempt read back from the server must be). */
export const TraineeName = z
  .string()
  .trim()
  .min(2)
  .max(80)
  .regex(/^[^\p{Cc}]+$/u, 'a name without control characters');
const AlertIdSchema = z.uuid();
const KpiArgs = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .strict()
  .refine((a) => Date.parse(a.from) < Date.parse(a.to) && Date.parse(a.to) - Date.parse(a.from) <= 366 * 86_400_000, {
    error: 'from before to, at most a year',
  });
const AlertArgs = z.object({ id: AlertIdSchema }).strict();
/** An outbox job's own id (made by the desk: a UUID, `figures-<uuid>`, an audit export's id). */
const OutboxJobIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'an outbox job id');

export const channels = {
  'app.info': channel(NoArgs).returns<AppInfo>(),

  'agent.getStatus': channel(NoArgs).returns<AgentStatus>(),
  /** The agent's own figures for today: calls, average handle and after-call time, time in each state. */
  'agent.myDay': channel(NoArgs).returns<MyDay>(),
  /** Not ready (`break`) takes a reason of the desk's reasons file (default: a plain break). */
  'agent.setState': channel(z.object({ state: AgentStateSchema, reason: NotReadyReasonId.optional() }).strict()).returns<AgentStatus>(),
  // Not-ready reasons and care for the agent (shared/domain/not-ready.ts): the desk's reasons and their limits,
  // and the lead's time in each reason per agent and for the team.
  'agent.notReadyReasons': channel(NoArgs).returns<NotReadyReason[]>(),
  'board.notReadyTimes': channel(NoArgs).returns<NotReadyTimes>(),

  /** Who a number may be: only what picks the caller (never a date of birth, an MRN or anything clinical). */
  'patients.lookupByPhone': channel(z.object({ phone: PhoneInput }).strict()).returns<CallerChoice[]>(),
  'patients.search': channel(
    z.union([
      z.object({ name: z.string().trim().min(2).max(200), birthDate: IsoDate }).strict(),
      z
        .object({
          mrn: z
            .string()
            .trim()
            .min(1)
            .max(64)
            // As typed: any case, spaces, a label ("mrn 00000012", "MRN: 00000012"); main reads it.
            .regex(/^[A-Za-z0-9 :#-]+$/),
        })
        .strict(),
    ]),
  ).returns<CallerChoice[]>(),
  /**
   * A name without a date of birth: listed only when few patients share it (main's rule); else no one, and how
   * many match (`total` above the length of `matches`), so the agent asks for the date of birth.
   */
  'patients.searchByName': channel(z.object({ name: z.string().trim().min(2).max(200) }).strict()).returns<{ matches: CallerChoice[]; total: number }>(),
  /** The patient view: the summary filtered to what verification has unlocked, and the verification state. */
  'patients.view': channel(z.object({ patientId: FhirId }).strict()).returns<{ summary: PatientSummary; verification: VerificationState }>(),
  'verification.get': channel(z.object({ patientId: FhirId }).strict()).returns<VerificationState>(),
  /**
   * What the caller said for one identifier, on the caller's live call (else refused: noCallerCall);
   * compared in main with what is on file: the patient's, or (subject 'caller') a proxy's own record.
   */
  'verification.check': channel(
    z.object({ patientId: FhirId, identifier: z.enum(IDENTIFIERS), value: z.string().max(300), subject: z.enum(CHECK_SUBJECTS).optional() }).strict(),
  ).returns<VerificationState>(),
  /** Who is calling: the patient, or someone on their behalf (named; checked against RelatedPerson + Consent). */
  'verification.caller': channel(
    z.union([
      z.object({ patientId: FhirId, kind: z.literal('self') }).strict(),
      z.object({ patientId: FhirId, kind: z.literal('proxy'), name: z.string().trim().min(2).max(200) }).strict(),
    ]),
  ).returns<VerificationState>(),
  /** A new caller on the same call: their answers start again (the call's mismatches, failure and red flags stay). */
  'verification.reset': channel(NoArgs).returns<true>(),
  /** A high-risk request (changing contact details, billing, results): one identifier more before it opens. */
  'verification.stepUp': channel(z.object({ patientId: FhirId, request: z.enum(STEP_UP_REQUESTS) }).strict()).returns<VerificationState>(),
  /** A supervisor's desk lifts a failed verification on the caller's call, with a reason (audited). */
  'verification.override': channel(
    z
      .object({
        reason: z
          .string()
          .trim()
          .min(5)
          .max(300)
          .regex(/^[^\p{Cc}]+$/u, 'a reason without control characters'),
      })
      .strict(),
  ).returns<true>(),
  'verification.flag': channel(z.object({ patientId: FhirId, flag: z.enum(RED_FLAGS), on: z.boolean() }).strict()).returns<VerificationState>(),

  'phone.getState': channel(NoArgs).returns<PhoneState>(),
  'phone.configure': channel(SipAccountSchema).returns<PhoneState>(),
  'phone.dial': channel(z.object({ number: DialNumberSchema }).strict()).returns<CallView>(),
  'phone.answer': channel(CallArgs).returns<true>(),
  'phone.reject': channel(CallArgs).returns<true>(),
  'phone.hangup': channel(CallArgs).returns<true>(),
  'phone.hold': channel(z.object({ callId: CallIdSchema, hold: z.boolean() }).strict()).returns<true>(),
  'phone.mute': channel(z.object({ callId: CallIdSchema, muted: z.boolean() }).strict()).returns<true>(),
  'phone.dtmf': channel(z.object({ callId: CallIdSchema, digits: DtmfSchema }).strict()).returns<'rtp' | 'info'>(),
  'phone.transfer': channel(z.object({ callId: CallIdSchema, target: TransferTargetSchema }).strict()).returns<true>(),
  'phone.attendedTransfer': channel(z.object({ callId: CallIdSchema, consultCallId: CallIdSchema }).strict()).returns<true>(),
  'phone.conference': channel(z.object({ callId: CallIdSchema, otherCallId: CallIdSchema }).strict()).returns<true>(),
  /** The renderer's network changed or ICE failed on a call: renegotiate with fresh ICE candidates. */
  'media.restartIce': channel(CallArgs).returns<true>(),
  /**
   * An escalation button: the real transfer or conference, and the team lead notified. With the patient the caller
   * is about (and the agent's notes), a warm or conference escalation hands over what this desk established.
   */
  'escalation.start': channel(
    z
      .object({
        callId: CallIdSchema,
        escalation: z.enum(ESCALATIONS),
        reason: z.enum(ESCALATION_REASONS),
        patientId: FhirId.optional(),
        notes: HandoffNotesSchema.optional(),
      })
      .strict(),
  ).returns<EscalationProgress>(),
  /**
   * This window takes the calls' media (at start, on reload, or "use this window"): calls in progress
   * renegotiate to it and the window that had them lets go. Only one window at a time holds them.
   */
  'media.reattach': channel(NoArgs).returns<number>(),
  /**
   * The renderer: a call's media failed after it was set up (its peer connection failed, or its
   * microphone track ended). Main rolls back a conference or monitoring session that relied on it.
   */
  'media.failed': channel(z.object({ callId: CallIdSchema, reason: z.enum(MEDIA_FAILURES) }).strict()).returns<true>(),
  /** The renderer's answer to a media.request. */
  'media.respond': channel(
    z
      .object({ requestId: z.number().int().nonnegative(), ok: z.boolean(), sdp: z.string().max(65_536).optional(), error: z.string().max(200).optional() })
      .strict(),
  ).returns<true>(),

  'wrapUp.save': channel(WrapUpSchema).returns<WrapUpSaved>(),

  /** The coach's phrases for a language (English when that language's pack is broken). */
  'guidance.triggers': channel(z.object({ language: z.enum(LANGUAGE_CODES) }).strict()).returns<TriggerPack>(),

  /** The empathy prompts for a language (English when that language's pack is broken). */
  'guidance.prompts': channel(z.object({ language: z.enum(LANGUAGE_CODES) }).strict()).returns<PromptPack>(),

  // --- The step-by-step call guides (assets/guides); the progress through one goes with wrapUp.save ---
  /** The guide of a call reason in a language (the English one, marked fallback, when that language has none). */
  'guides.get': channel(z.object({ reason: CallReasonSchema, language: z.enum(LANGUAGE_CODES) }).strict()).returns<ServedGuide>(),
  // The knowledge base (articles in assets/knowledge, indexed in the encrypted store): no patient data goes in.
  /** The articles matching what the agent typed, best first, with a snippet of where they matched. */
  'knowledge.search': channel(KnowledgeSearchArgs).returns<KnowledgeHit[]>(),
  /** The articles the call's context points to (its reason, the patient's next appointment type, flags, an escalation). */
  'knowledge.suggest': channel(KnowledgeSuggestArgs).returns<KnowledgeSuggestion[]>(),
  /** One article to read aloud (English when not written in the language asked for: `fallback`). */
  'knowledge.open': channel(KnowledgeOpenArgs).returns<KnowledgeArticleView>(),

  // Practice mode (start-up option --practice): simulated callers scored against each scenario's rubric.
  /** The scenarios a trainee may pick. */
  'practice.scenarios': channel(NoArgs).returns<ScenarioListing[]>(),
  /** Rings the scenario's simulated caller in on the (simulated) phone. */
  'practice.start': channel(z.object({ scenarioId: PracticeScenarioId, trainee: TraineeName }).strict()).returns<PracticeView>(),
  /** What the trainee says to the caller: typed, or one of the suggested replies. */
  'practice.reply': channel(
    z.union([z.object({ text: z.string().trim().min(1).max(1000) }).strict(), z.object({ choice: z.number().int().min(0).max(50) }).strict()]),
  ).returns<PracticeView>(),
  'practice.state': channel(NoArgs).returns<PracticeView | null>(),
  /** Back to the scenario picker after a finished call. */
  'practice.dismiss': channel(NoArgs).returns<true>(),
  /** Finished practice calls, newest first: one trainee's, or everyone's for a team lead's review (from the FHIR server when the site has one). */
  'practice.history': channel(z.object({ trainee: TraineeName.optional() }).strict()).returns<Sourced<{ attempts: PracticeAttempt[] }>>(),

  // --- Team-lead mode: the live board, alerts, monitoring, KPIs (issue #7) ---
  /** Every row of the team board (then board.updated events carry the rows that change). */
  'board.get': channel(NoArgs).returns<{ team: string; rows: BoardRow[] }>(),
  'alerts.list': channel(NoArgs).returns<Alert[]>(),
  'alerts.acknowledge': channel(AlertArgs).returns<Alert>(),
  /** Follow up an alert: step into the agent's call (listen/whisper/barge) or mark it resolved. */
  'alerts.followUp': channel(z.object({ id: AlertIdSchema, action: z.enum(FOLLOW_UPS) }).strict()).returns<Alert>(),
  /** Steps into a team member's call from the board: listen, whisper (coach) or barge. */
  'monitor.start': channel(z.object({ agent: SipUserSchema, mode: MonitorModeSchema }).strict()).returns<MonitorSession>(),
  'monitor.setMode': channel(z.object({ callId: CallIdSchema, mode: MonitorModeSchema }).strict()).returns<MonitorSession>(),
  'monitor.stop': channel(CallArgs).returns<true>(),
  'monitor.list': channel(NoArgs).returns<MonitorSession[]>(),
  /** Team and per-agent KPIs over [from, to) (at most a year), with the configured service level and where the figures came from. */
  'kpi.report': channel(KpiArgs).returns<Sourced<KpiReport>>(),

  /** The EHR link as it stands (then ehr.status events carry every change). */
  'ehr.getStatus': channel(NoArgs).returns<EhrLinkStatus>(),
  /** The writes to the EHR that cannot go: refused for good, or waiting after tries that did not go through (no patient data). */
  'ehr.outboxProblems': channel(NoArgs).returns<OutboxProblem[]>(),
  /** Tries one of them again now. */
  'ehr.outboxRetry': channel(z.object({ jobId: OutboxJobIdSchema }).strict()).returns<true>(),
  /** Gives one of them up for good, with the agent's reason (audited). */
  'ehr.outboxDismiss': channel(z.object({ jobId: OutboxJobIdSchema, reason: z.string().trim().min(3).max(300) }).strict()).returns<true>(),

  // --- The team's shared worklist on the FHIR server (callbacks, billing disputes, referral follow-ups); dial with phone.dial ---
  /** The team's open items, overdue first then by due time (audited: the patients named on it). */
  'worklist.list': channel(WorklistListArgs).returns<WorklistView>(),
  /** Claims an item at the version the agent saw; another agent's claim first: refused, with the list as it now is. */
  'worklist.claim': channel(WorklistClaimArgs).returns<WorklistActionResult>(),
  /** Gives the agent's claimed item back to its pool. */
  'worklist.release': channel(WorklistReleaseArgs).returns<WorklistActionResult>(),
  /** Completes the agent's claimed item with its outcome. */
  'worklist.complete': channel(WorklistCompleteArgs).returns<WorklistActionResult>(),
  /**
   * From the patient view: a billing dispute about the patient's invoice (with the agent's reason) or a follow-up of
   * their referral, for the billing or referrals pool, through the outbox. Refused unless the caller on the agent's
   * call is verified for that section (`notVerified`) and the resource is the patient's, from the server (`notFound`).
   */
  'worklist.raise': channel(WorklistRaiseArgs).returns<WorklistRaised>(),
  // --- Scheduling on the site's FHIR server, for the caller verified with the appointments section unlocked (audited) ---
  /** Free slots for the patient, the earliest first (the first is "the next available"). */
  'schedule.findSlots': channel(z.object({ patientId: FhirId, query: SlotQuerySchema }).strict()).returns<SlotSearchResult>(),
  /** Books the slot; taken meanwhile by another desk: `slotTaken` with the next free slot to offer. */
  'schedule.book': channel(BookSchema).returns<BookingOutcome>(),
  /** Moves the appointment to the slot (the old one cancelled, its slot freed), or `slotTaken` with the next free slot. */
  'schedule.reschedule': channel(RescheduleSchema).returns<BookingOutcome>(),
  /** Cancels the appointment with one of the HL7 reasons; its slot is free again. */
  'schedule.cancel': channel(CancelSchema).returns<CancelledAppointment>(),

  // Who is at the desk (the site's identity provider): what the page may see of the session, never a token.
  'identity.status': channel(NoArgs).returns<IdentityStatus>(),
  // Opens the provider's sign-in in the system browser; answers when the user is signed in (or the coded error).
  'identity.signIn': channel(NoArgs).returns<IdentityStatus>(),
  // Ends the session (the provider's logout page opens when it has one).
  'identity.signOut': channel(NoArgs).returns<IdentityStatus>(),
  // The page saw the desk idle for the site's autoLockSeconds (no call): the desk locks until the user signs in again.
  'identity.lock': channel(NoArgs).returns<IdentityStatus>(),
  // The page of the user who signed in at a locked desk is ready: calls that rang meanwhile are popped now (how many).
  'screenPop.resume': channel(NoArgs).returns<number>(),
  'settings.get': channel(NoArgs).returns<Settings>(),
  'settings.setLanguage': channel(z.object({ language: z.enum(LANGUAGE_CODES) }).strict()).returns<Settings>(),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ArgsOf<C extends ChannelName> = z.input<Channels[C]['args']>;
export type ParsedArgsOf<C extends ChannelName> = z.output<Channels[C]['args']>;
export type ResultOf<C extends ChannelName> = Channels[C]['result'];
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

/**
 * The domain events the page receives, by the page's name for them. The page gets each one's payload
 * as it is; a domain event not named here (call.ended) never reaches the page. Only
 * electron/main/forward-to-page.ts does the forwarding.
 */
export const FORWARDED_EVENTS = {
  'phone.status': 'phone.statusChanged',
  'call.updated': 'call.changed',
  'call.screenPop': 'call.popped',
  'agent.status': 'agent.stateChanged',
  'settings.changed': 'settings.changed',
  'practice.updated': 'practice.changed',
  /** Team-lead mode: the board rows that changed (coalesced). */
  'board.updated': 'board.changed',
  /** Team-lead mode: an alert raised or changed. */
  'alerts.updated': 'alert.changed',
  /** Every change of the caller's verification (state null: the call's work is over, drop what it unlocked). */
  'verification.updated': 'verification.changed',
  /** Where an escalation stands (the agent's script follows it). */
  'escalation.updated': 'escalation.progressed',
  /** A conference or monitoring session lost its audio and was undone (the agent or lead is told). */
  'call.mediaFailed': 'call.mediaFailed',
  /** The EHR link's state, last sync, first-load progress and outbox counts. */
  'ehr.status': 'sync.changed',
  /** The server's copy of these patients changed in the cache (ids only): an open patient view or search reloads through its channel. */
  'patient.changed': 'patient.changed',
  /** A write the FHIR server refused (the kind of record and the code, never the record): the agent is told. */
  'ehr.writeFailed': 'ehr.writeFailed',
  /** A call carried another desk's hand-off: confirmed (who verified the caller, when, how, why, notes) or not. */
  'handoff.received': 'handoff.received',
  /** Who is at the desk changed: signed in, refreshed (roles may change), or signed out. */
  'identity.changed': 'identity.changed',
  /** After a hard call's wrap-up: a short reset is offered to the agent. */
  'care.resetOffered': 'care.resetOffered',
} as const satisfies Record<string, DomainEventName>;
export type ForwardedEventName = keyof typeof FORWARDED_EVENTS;
export type ForwardedEvents = { [P in ForwardedEventName]: DomainEvents[(typeof FORWARDED_EVENTS)[P]] };

/** The events only the page has: the media bridge between the main process and the window that holds the calls' audio. */
export interface PageOnlyEvents {
  'media.request': MediaRequest;
  /** Sent to one window: whether it holds the calls' media (microphone, speaker). Only one window does. */
  'media.owner': { owner: boolean };
  /**
   * Browser mode: the identity provider's page (sign-in, logout) for the page that started the sign-in to open,
   * the browser the desk runs in being the user's browser. The Electron app opens the system browser itself.
   */
  'identity.openBrowser': { url: string };
}
const PAGE_ONLY_EVENTS = { 'media.request': true, 'media.owner': true, 'identity.openBrowser': true } as const satisfies Record<keyof PageOnlyEvents, true>;

/** Events the main process pushes to the windows: the forwarded domain events and the page's own. */
export type Events = ForwardedEvents & PageOnlyEvents;
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = [
  ...(Object.keys(FORWARDED_EVENTS) as ForwardedEventName[]),
  ...(Object.keys(PAGE_ONLY_EVENTS) as (keyof PageOnlyEvents)[]),
];

export type InvokeResult<C extends ChannelName> = { ok: true; value: ResultOf<C> } | { ok: false; error: CarefrontError };

/** What the renderer gets as `window.carefront` (preload) or from the WebSocket bridge client. */
export interface CarefrontApi {
  invoke<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<InvokeResult<C>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Electron IPC channel names (prefixed so no other ipc traffic can collide). */
export const IPC_INVOKE = 'carefront:invoke';
export const IPC_EVENT = 'carefront:event';
