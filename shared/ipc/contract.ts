/**
 * THE IPC contract: every channel the renderer may call (argument schema + result type) and every
 * event the main process pushes. The main process registers handlers from this object only, the
 * preload and the WebSocket bridge expose exactly it, and every argument is validated against its
 * schema in the main process before a handler runs.
 */
import { z } from 'zod';
import { AgentStateSchema, type AgentStatus } from '../domain/agent';
import { FhirId, IsoDate, PhoneInput, type CallerChoice, type PatientSummary } from '../domain/patient';
import { LANGUAGE_CODES, type LanguageCode } from '../i18n/languages';
import type { CarefrontError } from '../errors';
import { WrapUpSchema, type WrapUpSaved } from '../domain/wrap-up';
import { CallIdSchema, DialNumberSchema, DtmfSchema, TransferTargetSchema, type CallView } from '../domain/call';
import { SipAccountSchema } from '../domain/phone';
import { IDENTIFIERS, STEP_UP_REQUESTS, type Identifier, type StepUpRequest } from '../verification/policy';
import { CHECK_SUBJECTS, RED_FLAGS, type CheckSubject, type RedFlag, type VerificationState, type VerificationUpdate } from '../verification/state';
import type { TriggerPack } from '../guidance/coach';
import type { PromptPack } from '../guidance/prompts';
import type { BoardRow } from '../domain/board';
import { MonitorModeSchema, type MonitorMode, type MonitorSession } from '../domain/monitor';
import { SipUserSchema } from '../team/team';
import type { KpiReport } from '../kpi/kpi';
import { FOLLOW_UPS, type Alert, type FollowUp } from '../domain/alerts';
import { ESCALATIONS, ESCALATION_REASONS, type Escalation, type EscalationProgress, type EscalationReason } from '../escalation/targets';
import type { PracticeAttempt, PracticeView, ScenarioListing } from '../practice/view';

/** Declares a channel: a runtime argument schema and a compile-time result type. */
function channel<S extends z.ZodType, R>(args: S): { args: S; result: R } {
  return { args, result: undefined as R };
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
}

export interface PhoneStatus {
  registration: 'offline' | 'registering' | 'registered' | 'reconnecting' | 'failed';
  /** Why the phone is not registered, as an error code the UI translates (e.g. not configured). */
  reason: 'notConfigured' | 'wrongPassword' | 'serverUnreachable' | null;
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
const TraineeName = z.string().trim().min(2).max(80).regex(/^[^\p{Cc}]+$/u, 'a name without control characters');
const AlertIdSchema = z.uuid();
const KpiArgs = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .strict()
  .refine((a) => Date.parse(a.from) < Date.parse(a.to) && Date.parse(a.to) - Date.parse(a.from) <= 366 * 86_400_000, { message: 'from before to, at most a year' });
const AlertArgs = z.object({ id: AlertIdSchema }).strict();

export interface Settings {
  language: LanguageCode;
}

export const channels = {
  'app.info': channel<typeof NoArgs, AppInfo>(NoArgs),

  'agent.getStatus': channel<typeof NoArgs, AgentStatus>(NoArgs),
  'agent.setState': channel<z.ZodObject<{ state: typeof AgentStateSchema }>, AgentStatus>(
    z.object({ state: AgentStateSchema }).strict(),
  ),

  /** Who a number may be: only what picks the caller (never a date of birth, an MRN or anything clinical). */
  'patients.lookupByPhone': channel<z.ZodObject<{ phone: typeof PhoneInput }>, CallerChoice[]>(
    z.object({ phone: PhoneInput }).strict(),
  ),
  'patients.search': channel<z.ZodType<{ name: string; birthDate: string } | { mrn: string }>, CallerChoice[]>(
    z.union([
      z.object({ name: z.string().trim().min(2).max(200), birthDate: IsoDate }).strict(),
      z.object({ mrn: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9\-]+$/) }).strict(),
    ]),
  ),
  /** The patient view: the summary filtered to what verification has unlocked, and the verification state. */
  'patients.view': channel<z.ZodObject<{ patientId: typeof FhirId }>, { summary: PatientSummary; verification: VerificationState }>(
    z.object({ patientId: FhirId }).strict(),
  ),
  'verification.get': channel<z.ZodObject<{ patientId: typeof FhirId }>, VerificationState>(z.object({ patientId: FhirId }).strict()),
  /**
   * What the caller said for one identifier, on the caller's live call (else refused: noCallerCall);
   * compared in main with what is on file: the patient's, or (subject 'caller') a proxy's own record.
   */
  'verification.check': channel<
    z.ZodObject<{ patientId: typeof FhirId; identifier: z.ZodEnum<{ [K in Identifier]: K }>; value: z.ZodString; subject: z.ZodOptional<z.ZodEnum<{ [K in CheckSubject]: K }>> }>,
    VerificationState
  >(z.object({ patientId: FhirId, identifier: z.enum(IDENTIFIERS), value: z.string().max(300), subject: z.enum(CHECK_SUBJECTS).optional() }).strict()),
  /** Who is calling: the patient, or someone on their behalf (named; checked against RelatedPerson + Consent). */
  'verification.caller': channel<
    z.ZodType<{ patientId: string; kind: 'self' } | { patientId: string; kind: 'proxy'; name: string }>,
    VerificationState
  >(
    z.union([
      z.object({ patientId: FhirId, kind: z.literal('self') }).strict(),
      z.object({ patientId: FhirId, kind: z.literal('proxy'), name: z.string().trim().min(2).max(200) }).strict(),
    ]),
  ),
  /** A new caller on the same call: their answers start again (the call's mismatches, failure and red flags stay). */
  'verification.reset': channel<typeof NoArgs, true>(NoArgs),
  /** A high-risk request (changing contact details, billing, results): one identifier more before it opens. */
  'verification.stepUp': channel<z.ZodObject<{ patientId: typeof FhirId; request: z.ZodEnum<{ [K in StepUpRequest]: K }> }>, VerificationState>(
    z.object({ patientId: FhirId, request: z.enum(STEP_UP_REQUESTS) }).strict(),
  ),
  /** A supervisor's desk lifts a failed verification on the caller's call, with a reason (audited). */
  'verification.override': channel<z.ZodObject<{ reason: z.ZodString }>, true>(
    z.object({ reason: z.string().trim().min(5).max(300).regex(/^[^\p{Cc}]+$/u, 'a reason without control characters') }).strict(),
  ),
  'verification.flag': channel<z.ZodObject<{ patientId: typeof FhirId; flag: z.ZodEnum<{ [K in RedFlag]: K }>; on: z.ZodBoolean }>, VerificationState>(
    z.object({ patientId: FhirId, flag: z.enum(RED_FLAGS), on: z.boolean() }).strict(),
  ),

  'phone.getState': channel<typeof NoArgs, PhoneState>(NoArgs),
  'phone.configure': channel<typeof SipAccountSchema, PhoneState>(SipAccountSchema),
  'phone.dial': channel<z.ZodObject<{ number: typeof DialNumberSchema }>, CallView>(z.object({ number: DialNumberSchema }).strict()),
  'phone.answer': channel<typeof CallArgs, true>(CallArgs),
  'phone.reject': channel<typeof CallArgs, true>(CallArgs),
  'phone.hangup': channel<typeof CallArgs, true>(CallArgs),
  'phone.hold': channel<z.ZodObject<{ callId: typeof CallIdSchema; hold: z.ZodBoolean }>, true>(z.object({ callId: CallIdSchema, hold: z.boolean() }).strict()),
  'phone.mute': channel<z.ZodObject<{ callId: typeof CallIdSchema; muted: z.ZodBoolean }>, true>(z.object({ callId: CallIdSchema, muted: z.boolean() }).strict()),
  'phone.dtmf': channel<z.ZodObject<{ callId: typeof CallIdSchema; digits: typeof DtmfSchema }>, 'rtp' | 'info'>(z.object({ callId: CallIdSchema, digits: DtmfSchema }).strict()),
  'phone.transfer': channel<z.ZodObject<{ callId: typeof CallIdSchema; target: typeof TransferTargetSchema }>, true>(z.object({ callId: CallIdSchema, target: TransferTargetSchema }).strict()),
  'phone.attendedTransfer': channel<z.ZodObject<{ callId: typeof CallIdSchema; consultCallId: typeof CallIdSchema }>, true>(
    z.object({ callId: CallIdSchema, consultCallId: CallIdSchema }).strict(),
  ),
  'phone.conference': channel<z.ZodObject<{ callId: typeof CallIdSchema; otherCallId: typeof CallIdSchema }>, true>(
    z.object({ callId: CallIdSchema, otherCallId: CallIdSchema }).strict(),
  ),
  /** The renderer's network changed or ICE failed on a call: renegotiate with fresh ICE candidates. */
  'media.restartIce': channel<typeof CallArgs, true>(CallArgs),
  /** An escalation button: the real transfer or conference, and the team lead notified. */
  'escalation.start': channel<
    z.ZodObject<{ callId: typeof CallIdSchema; escalation: z.ZodEnum<{ [K in Escalation]: K }>; reason: z.ZodEnum<{ [K in EscalationReason]: K }> }>,
    EscalationProgress
  >(z.object({ callId: CallIdSchema, escalation: z.enum(ESCALATIONS), reason: z.enum(ESCALATION_REASONS) }).strict()),
  /**
   * This window takes the calls' media (at start, on reload, or "use this window"): calls in progress
   * renegotiate to it and the window that had them lets go. Only one window at a time holds them.
   */
  'media.reattach': channel<typeof NoArgs, number>(NoArgs),
  /**
   * The renderer: a call's media failed after it was set up (its peer connection failed, or its
   * microphone track ended). Main rolls back a conference or monitoring session that relied on it.
   */
  'media.failed': channel<z.ZodObject<{ callId: typeof CallIdSchema; reason: z.ZodEnum<{ [K in MediaFailure]: K }> }>, true>(
    z.object({ callId: CallIdSchema, reason: z.enum(MEDIA_FAILURES) }).strict(),
  ),
  /** The renderer's answer to a media.request. */
  'media.respond': channel<z.ZodType<{ requestId: number; ok: boolean; sdp?: string; error?: string }>, true>(
    z.object({ requestId: z.number().int().nonnegative(), ok: z.boolean(), sdp: z.string().max(65_536).optional(), error: z.string().max(200).optional() }).strict(),
  ),

  'wrapUp.save': channel<typeof WrapUpSchema, WrapUpSaved>(WrapUpSchema),

  /** The coach's phrases for a language (English when that language's pack is broken). */
  'guidance.triggers': channel<z.ZodObject<{ language: z.ZodEnum<{ [K in LanguageCode]: K }> }>, TriggerPack>(z.object({ language: z.enum(LANGUAGE_CODES) }).strict()),

  /** The empathy prompts for a language (English when that language's pack is broken). */
  'guidance.prompts': channel<z.ZodObject<{ language: z.ZodEnum<{ [K in LanguageCode]: K }> }>, PromptPack>(z.object({ language: z.enum(LANGUAGE_CODES) }).strict()),

  // Practice mode (start-up option --practice): simulated callers scored against each scenario's rubric.
  /** The scenarios a trainee may pick. */
  'practice.scenarios': channel<typeof NoArgs, ScenarioListing[]>(NoArgs),
  /** Rings the scenario's simulated caller in on the (simulated) phone. */
  'practice.start': channel<z.ZodObject<{ scenarioId: typeof PracticeScenarioId; trainee: typeof TraineeName }>, PracticeView>(
    z.object({ scenarioId: PracticeScenarioId, trainee: TraineeName }).strict(),
  ),
  /** What the trainee says to the caller: typed, or one of the suggested replies. */
  'practice.reply': channel<z.ZodType<{ text: string } | { choice: number }>, PracticeView>(
    z.union([z.object({ text: z.string().trim().min(1).max(1000) }).strict(), z.object({ choice: z.number().int().min(0).max(50) }).strict()]),
  ),
  'practice.state': channel<typeof NoArgs, PracticeView | null>(NoArgs),
  /** Back to the scenario picker after a finished call. */
  'practice.dismiss': channel<typeof NoArgs, true>(NoArgs),
  /** Finished practice calls, newest first: one trainee's, or everyone's for a team lead's review. */
  'practice.history': channel<z.ZodObject<{ trainee: z.ZodOptional<typeof TraineeName> }>, PracticeAttempt[]>(z.object({ trainee: TraineeName.optional() }).strict()),

  // --- Team-lead mode: the live board, alerts, monitoring, KPIs (issue #7) ---
  /** Every row of the team board (then board.updated events carry the rows that change). */
  'board.get': channel<typeof NoArgs, { team: string; rows: BoardRow[] }>(NoArgs),
  'alerts.list': channel<typeof NoArgs, Alert[]>(NoArgs),
  'alerts.acknowledge': channel<typeof AlertArgs, Alert>(AlertArgs),
  /** Follow up an alert: step into the agent's call (listen/whisper/barge) or mark it resolved. */
  'alerts.followUp': channel<z.ZodObject<{ id: typeof AlertIdSchema; action: z.ZodEnum<{ [K in FollowUp]: K }> }>, Alert>(
    z.object({ id: AlertIdSchema, action: z.enum(FOLLOW_UPS) }).strict(),
  ),
  /** Steps into a team member's call from the board: listen, whisper (coach) or barge. */
  'monitor.start': channel<z.ZodObject<{ agent: typeof SipUserSchema; mode: typeof MonitorModeSchema }>, MonitorSession>(
    z.object({ agent: SipUserSchema, mode: MonitorModeSchema }).strict(),
  ),
  'monitor.setMode': channel<z.ZodObject<{ callId: typeof CallIdSchema; mode: typeof MonitorModeSchema }>, MonitorSession>(
    z.object({ callId: CallIdSchema, mode: MonitorModeSchema }).strict(),
  ),
  'monitor.stop': channel<typeof CallArgs, true>(CallArgs),
  'monitor.list': channel<typeof NoArgs, MonitorSession[]>(NoArgs),
  /** Team and per-agent KPIs over [from, to) (at most a year), with the configured service level. */
  'kpi.report': channel<typeof KpiArgs, KpiReport>(KpiArgs),

  'settings.get': channel<typeof NoArgs, Settings>(NoArgs),
  'settings.setLanguage': channel<z.ZodObject<{ language: z.ZodEnum<{ [K in LanguageCode]: K }> }>, Settings>(
    z.object({ language: z.enum(LANGUAGE_CODES) }).strict(),
  ),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ArgsOf<C extends ChannelName> = z.input<Channels[C]['args']>;
export type ParsedArgsOf<C extends ChannelName> = z.output<Channels[C]['args']>;
export type ResultOf<C extends ChannelName> = Channels[C]['result'];
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

/** Events the main process pushes to every window. */
export interface Events {
  'phone.status': PhoneStatus;
  'call.updated': CallView;
  'call.screenPop': ScreenPop;
  'media.request': MediaRequest;
  /** Sent to one window: whether it holds the calls' media (microphone, speaker). Only one window does. */
  'media.owner': { owner: boolean };
  'agent.status': AgentStatus;
  'settings.changed': Settings;
  'practice.updated': PracticeView | null;
  /** Team-lead mode: the board rows that changed (coalesced). */
  'board.updated': { rows: BoardRow[] };
  /** Team-lead mode: an alert raised or changed. */
  'alerts.updated': Alert;
  /** Every change of the caller's verification (state null: the call's work is over, drop what it unlocked). */
  'verification.updated': VerificationUpdate;
  /** Where an escalation stands (the agent's script follows it). */
  'escalation.updated': EscalationProgress;
  /** A conference or monitoring session lost its audio and was undone (the agent or lead is told). */
  'call.mediaFailed': { callId: string; during: 'conference' | 'monitor' };
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['phone.status', 'call.updated', 'call.screenPop', 'media.request', 'media.owner', 'agent.status', 'settings.changed', 'practice.updated', 'board.updated', 'alerts.updated', 'verification.updated', 'escalation.updated', 'call.mediaFailed'];

export type InvokeResult<C extends ChannelName> = { ok: true; value: ResultOf<C> } | { ok: false; error: CarefrontError };

/** What the renderer gets as `window.carefront` (preload) or from the WebSocket bridge client. */
export interface CarefrontApi {
  invoke<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<InvokeResult<C>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** The screen pop: who an incoming call may be, looked up in the cache before the agent answers. */
export interface ScreenPop {
  callId: string;
  /** The caller's number in E.164, when the caller ID is one. */
  number: string | null;
  matches: CallerChoice[];
  /** From the call reaching the main process to the matches being ready. */
  lookupMs: number;
  /** When the INVITE reached the main process (epoch milliseconds): the start of the pop's clock. */
  inviteAt: number;
}

/** Electron IPC channel names (prefixed so no other ipc traffic can collide). */
export const IPC_INVOKE = 'carefront:invoke';
export const IPC_EVENT = 'carefront:event';
