/**
 * The softphone: one sip.js UserAgent in the main process. It owns registration (with reconnection
 * and backoff), every call and its state; it hands out only plain CallView data keyed by call id.
 * Media is delegated to a session description handler chosen by the host: plain RTP on loopback in
 * Node tests, the renderer's RTCPeerConnection in the app.
 */
import crypto from 'node:crypto';
import {
  Core, Invitation, Inviter, Messager, Registerer, RegistererState, RequestPendingError, SessionState, Subscriber, TransportState, UserAgent,
  type Session, type SessionDescriptionHandler, type SessionDescriptionHandlerFactory, type URI,
} from 'sip.js';
import type { CallNoticeKind, CallParty, CallView } from '../../shared/domain/call';
import type { SipAccount } from '../../shared/domain/phone';
import type { PhoneStatus } from '../../shared/ipc/contract';
import { cleanDisplayName, cleanUser } from './untrusted';
import { screenSipMessage } from './sip-guard';
import { dtmfBySipInfo } from './peer-quirks';
import { TypedEmitter } from './typed-emitter';
import { dialTarget } from './dial-target';
import { dialogInfo, pidf, type DialogEntry, type DialogState } from './presence-docs';
import type { PresenceExtras } from '../../shared/domain/board';
import { MONITOR_HEADER, MONITOR_INFO_TYPE, MonitorModeSchema, type MonitorMode } from '../../shared/domain/monitor';
import type { AgentState } from '../../shared/domain/agent';
import { WebSocket as NodeWebSocket } from 'ws';
import { SerialPublisher } from './serial-publisher';

// sip.js opens its WebSocket through the global constructor. Node's built-in WebSocket (undici)
// reports a refused connection with "error" but never "close", which leaves sip.js connecting
// forever; the `ws` package behaves as a browser does.
(globalThis as { WebSocket?: unknown }).WebSocket = NodeWebSocket;

export interface SoftphoneOptions {
  account: SipAccount;
  /** Creates the media side of a call. */
  createMedia: (callId: string) => SessionDescriptionHandler;
  /** Reconnection backoff: first delay and ceiling, in ms. */
  backoff?: { firstMs: number; maxMs: number };
  registerExpires?: number;
  userAgentString?: string;
  /**
   * Asked for each new incoming call (not a lead's monitoring call, not an attended transfer taking
   * the place of a call we are on): a status code refuses it before it rings (e.g. 480 while the agent
   * is on a break), null lets it ring.
   */
  refuseIncoming?: () => 480 | 486 | null;
}

type SoftphoneEvents = {
  status: (s: PhoneStatus) => void;
  call: (c: CallView) => void;
  dtmf: (callId: string, digits: string, via: 'info' | 'rtp') => void;
  /** A SIP MESSAGE (e.g. an escalation notice for a team lead): sender and body, length-limited. */
  message: (from: string, body: string, contentType: string) => void;
  /** A team lead's monitoring call arrived (not rung, not popped): accept or reject it. */
  monitorRequest: (callId: string, from: string, mode: MonitorMode) => void;
  /** The lead changed the mode of a monitoring session in progress (SIP INFO). */
  monitorMode: (callId: string, mode: MonitorMode) => void;
};

interface CallRecord {
  view: CallView;
  session: Session;
  /** Whether the far end's ACK of our 2xx to its INVITE arrived (always true for calls we placed). */
  acked: boolean;
  /** Woken when the ACK arrives or the call ends. */
  ackWaiters: Set<() => void>;
  /** Our re-INVITEs on this call, one after the other. */
  reinvites: Promise<void>;
  /** The far end's User-Agent (or Server) header: some phones need DTMF as SIP INFO (peer-quirks.ts). */
  remoteAgent?: string;
}

/** The parts of a sip.js Session that turn a failed renegotiation into a hang-up (see renegotiateOnce). */
interface SessionMediaSteps {
  setAnswer(...args: unknown[]): Promise<void>;
  rollbackOffer(): Promise<void>;
}

const nowIso = () => new Date().toISOString();
const MAX_SIP_MESSAGE = 64 * 1024;

export class Softphone extends TypedEmitter<SoftphoneEvents> {
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  private readonly calls = new Map<string, CallRecord>();
  private current: PhoneStatus = { registration: 'offline', reason: null };
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private stopped = false;
  private readonly backoff: { firstMs: number; maxMs: number };

  constructor(private readonly options: SoftphoneOptions) {
    super();
    this.backoff = options.backoff ?? { firstMs: 500, maxMs: 30_000 };
    const uri = UserAgent.makeURI(options.account.uri);
    if (!uri) throw new Error('invalid SIP URI');
    const sdhFactory: SessionDescriptionHandlerFactory = (session) => {
      const id = this.idOf(session) ?? this.newId();
      (session as Session & { carefrontId?: string }).carefrontId = id;
      return options.createMedia(id);
    };
    this.ua = new UserAgent({
      uri,
      authorizationUsername: options.account.authUser,
      authorizationPassword: options.account.password,
      displayName: options.account.displayName ?? '',
      transportOptions: { server: options.account.server, connectionTimeout: 3, keepAliveInterval: 15 },
      sessionDescriptionHandlerFactory: sdhFactory,
      // An outbound proxy is a pre-loaded Route (RFC 3261 8.1.2): every request goes through it.
      preloadedRouteSet: options.account.outboundProxy ? [`<${options.account.outboundProxy};lr>`] : [],
      userAgentString: options.userAgentString ?? 'Carefront',
      logLevel: 'error',
      logBuiltinEnabled: false,
      noAnswerTimeout: 120,
      delegate: {
        onConnect: () => void this.register(),
        onDisconnect: (error) => {
          if (this.stopped || this.current.reason === 'wrongPassword') return;
          this.setStatus({ registration: 'reconnecting', reason: error ? 'serverUnreachable' : null });
          this.scheduleReconnect();
        },
        onInvite: (invitation) => this.incoming(invitation),
        onMessage: (message) => {
          const body = message.request.body ?? '';
          void message.accept();
          // Who sent it is what the SIP server asserts (P-Asserted-Identity after it authenticated the
          // sender), never the From header a client can write itself. Unasserted messages are dropped.
          const from = assertedUser(message.request);
          if (from && body.length <= 8192) this.emit('message', from, body, (message.request.getHeader('Content-Type') ?? '').slice(0, 100));
        },
      },
    });
    this.guardTransport();
    this.registerer = new Registerer(this.ua, { expires: options.registerExpires ?? 300 });
    this.registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) {
        this.attempts = 0;
        this.setStatus({ registration: 'registered', reason: null });
      }
    });
  }

  status(): PhoneStatus {
    return { ...this.current };
  }

  /**
   * Every SIP message from the network is untrusted. sip.js's parser throws on some malformed input
   * (found by test/integration/softphone/malformed.test.ts), from inside the WebSocket handler: drop
   * oversized messages before parsing and any message the parser chokes on, instead of crashing.
   */
  private guardTransport(): void {
    const transport = this.ua.transport;
    const deliver = transport.onMessage;
    // One message per macrotask: several SIP messages read from one TCP chunk are otherwise handled
    // back to back before sip.js's own promise continuations run, and a NOTIFY that follows a
    // subscription's first NOTIFY that closely is lost (its dialog has no delegate yet; measured on
    // the rig with the team-lead board). setImmediate keeps arrival order.
    // Every message is screened first (sip-guard.ts): an invalid request is answered as RFC 3261 and
    // its torture tests expect (400, 505, 501, 416, 420, 415, 406) instead of silence, acceptance or
    // a throw from sip.js; what sip.js's parser cannot read is answered 400 here.
    const parserLogger = this.ua.getLogger('sip.Parser');
    const parses = (m: string) => Core.Parser.parseMessage(m, parserLogger) !== undefined;
    transport.onMessage = (message: string) => {
      if (typeof message !== 'string' || message.length > MAX_SIP_MESSAGE) {
        this.droppedMessages++;
        return;
      }
      setImmediate(() => {
        const verdict = screenSipMessage(message, parses);
        if (verdict.reply) {
          this.refusedMessages++;
          transport.send(verdict.reply).catch(() => undefined);
        } else if (verdict.deliver === null) {
          this.droppedMessages++;
        }
        if (verdict.deliver === null) return;
        try {
          deliver?.(verdict.deliver);
        } catch {
          this.droppedMessages++;
          this.threwMessages++;
        }
      });
    };
  }

  /** How many messages were dropped unanswered, or made sip.js throw (shown in diagnostics, asserted in tests). */
  droppedMessages = 0;
  /** How many invalid requests the transport guard answered itself (400, 505, 501, ...). */
  refusedMessages = 0;
  /** How many messages that passed the guard still made sip.js throw (caught here; the guard should leave none). */
  threwMessages = 0;

  list(): CallView[] {
    return [...this.calls.values()].map((c) => structuredClone(c.view));
  }

  get(callId: string): CallView | null {
    const c = this.calls.get(callId);
    return c ? structuredClone(c.view) : null;
  }

  private presencePublisher: SerialPublisher | null = null;
  private dialogPublisher: SerialPublisher | null = null;
  private dialogVersion = 0;
  private lastDialogs: DialogEntry[] = [];

  /**
   * Publishes the agent's state as SIP presence (PIDF), so team leads can watch it: the state, when
   * it began, and the extras the board shows (caller verification status, escalation raised).
   */
  async publishAgentState(state: AgentState, since?: string, extras?: PresenceExtras): Promise<void> {
    if (this.current.registration !== 'registered') return;
    const self = this.ua.configuration.uri;
    this.presencePublisher ??= new SerialPublisher(this.ua, self, 'presence', { expires: 600 });
    this.presencePublisher.publish(pidf(self.toString(), state, since, extras));
    await this.presencePublisher.settled();
  }

  /** Subscribes to another user's presence or dialog state (the team-lead board); returns the unsubscribe. */
  watch(target: string, event: 'presence' | 'dialog', onNotify: (body: string) => void): () => Promise<void> {
    const uri = dialTarget(target, this.options.account);
    if (!uri) throw new PhoneError('invalidArgument', 'Not a SIP address to watch');
    const subscriber = new Subscriber(this.ua, uri, event, { expires: 600 });
    subscriber.delegate = {
      onNotify: (notification) => {
        void notification.accept();
        const body = notification.request.body;
        // An empty body is a real notification too (no state published yet).
        if (typeof body === 'string' && body.length < 65_536) onNotify(body);
      },
    };
    void subscriber.subscribe().catch(() => undefined);
    return () => subscriber.unsubscribe().catch(() => undefined);
  }

  /** Publishes live call state (RFC 4235 dialog-info) whenever a call changes. */
  private publishDialogs(): void {
    if (this.current.registration !== 'registered') return;
    const toState = (c: CallView): DialogState => (c.state === 'ended' ? 'terminated' : c.state === 'ringing' || c.state === 'dialing' ? 'early' : 'confirmed');
    const now = Date.now();
    // Monitoring legs are not calls with a caller: the board never counts them.
    const live: DialogEntry[] = [...this.calls.values()].filter((c) => !c.view.monitor).map((c) => {
      const state = toState(c.view);
      const direction = c.view.direction === 'inbound' ? ('recipient' as const) : ('initiator' as const);
      const answered = c.view.answeredAt ? Date.parse(c.view.answeredAt) : NaN;
      return state === 'confirmed' && !Number.isNaN(answered) ? { id: c.view.id, state, direction, duration: (now - answered) / 1000 } : { id: c.view.id, state, direction };
    });
    const ended = this.lastDialogs.filter((d) => !live.some((l) => l.id === d.id)).map(({ id, direction }) => ({ id, direction, state: 'terminated' as const }));
    this.lastDialogs = live;
    const self = this.ua.configuration.uri;
    this.dialogPublisher ??= new SerialPublisher(this.ua, self, 'dialog', { expires: 600, contentType: 'application/dialog-info+xml' });
    this.dialogPublisher.publish(dialogInfo(self.toString(), this.dialogVersion++, [...live, ...ended]));
  }

  /** The media handler of a call (tests read its RTP counters). */
  media(callId: string): SessionDescriptionHandler | undefined {
    return this.calls.get(callId)?.session.sessionDescriptionHandler;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.setStatus({ registration: 'registering', reason: null });
    // A connection that never opens does not reach the UA's onDisconnect, and start() then never
    // settles: the transport's own state is the signal that we must retry.
    this.ua.transport.stateChange.addListener((state) => {
      if (state !== TransportState.Disconnected || this.stopped || this.current.reason === 'wrongPassword') return;
      this.setStatus({ registration: 'reconnecting', reason: 'serverUnreachable' });
      this.scheduleReconnect();
    });
    void this.ua.start().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const c of this.calls.values()) this.terminate(c.session);
    // Watchers (the team-lead board) see the agent go offline before the publication is withdrawn.
    if (this.presencePublisher && this.current.registration === 'registered') {
      this.presencePublisher.publish(pidf(this.ua.configuration.uri.toString(), 'offline', new Date().toISOString()));
      await Promise.race([this.presencePublisher.settled(), new Promise((r) => setTimeout(r, 1000).unref())]);
    }
    try {
      if (this.registerer.state === RegistererState.Registered) await this.registerer.unregister();
    } catch {
      /* best effort */
    }
    // Stopping unpublishes and unsubscribes; a server that no longer answers must not hold us up.
    await Promise.race([this.ua.stop(), new Promise((r) => setTimeout(r, 3000).unref())]);
    this.setStatus({ registration: 'offline', reason: null });
  }

  async dial(number: string): Promise<CallView> {
    return this.invite(number, null);
  }

  /** A team lead's monitoring call to an agent: the mode travels in a header; the agent's desktop decides. */
  async monitor(agent: string, mode: MonitorMode): Promise<CallView> {
    return this.invite(agent, mode);
  }

  /** Lead side: changes the mode of a monitoring call in progress (SIP INFO to the agent's desktop). */
  async setMonitorMode(callId: string, mode: MonitorMode): Promise<void> {
    const c = this.require(callId);
    if (!c.view.monitor || c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'Not a monitoring call in progress');
    try {
      await this.info(c, { contentDisposition: 'render', contentType: MONITOR_INFO_TYPE, content: `mode=${mode}` });
    } catch (err) {
      // Refused by the agent's desktop or the server: the session stays in the mode it had.
      throw this.refused(c, 'infoRefused', err);
    }
    this.update(callId, { monitor: mode, notice: null });
  }

  /** Agent side: answers a lead's monitoring call and mixes it with the call in progress as the mode says. */
  async acceptMonitor(monitorCallId: string, callId: string, mode: MonitorMode): Promise<void> {
    const m = this.require(monitorCallId);
    const c = this.require(callId);
    if (!m.view.monitor || !(m.session instanceof Invitation) || m.session.state !== SessionState.Initial) throw new PhoneError('invalidArgument', 'Not a monitoring call waiting');
    if (c.view.monitor || c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'No call in progress to monitor');
    await m.session.accept();
    await this.applyMonitor(monitorCallId, callId, mode);
  }

  /**
   * Agent side: (re)routes the audio between the lead's leg and the call (listen / whisper / barge).
   * Rejects with `mediaFailed` when the media could not be mixed: the session is not reported as working.
   */
  async applyMonitor(monitorCallId: string, callId: string, mode: MonitorMode): Promise<void> {
    const m = this.require(monitorCallId);
    const c = this.require(callId);
    const media = m.session.sessionDescriptionHandler as (SessionDescriptionHandler & { monitorOf?: (call: unknown, mode: MonitorMode) => void | Promise<void> }) | undefined;
    if (!media?.monitorOf || !c.session.sessionDescriptionHandler) throw new PhoneError('internal', 'This media cannot be monitored');
    try {
      await media.monitorOf(c.session.sessionDescriptionHandler, mode);
    } catch (err) {
      throw new PhoneError('mediaFailed', `the monitoring audio could not be mixed (${err instanceof Error ? err.message.slice(0, 100) : 'unknown'})`);
    }
    this.update(monitorCallId, { monitor: mode });
  }

  /** Agent side: refuses a monitoring call (403 for a caller who is not a team lead). */
  async rejectMonitor(monitorCallId: string, statusCode: 403 | 480 | 488): Promise<void> {
    const m = this.require(monitorCallId);
    if (!(m.session instanceof Invitation) || m.session.state !== SessionState.Initial) return;
    this.update(monitorCallId, { endReason: `monitoring refused ${statusCode}` });
    await m.session.reject({ statusCode });
  }

  private async invite(number: string, monitor: MonitorMode | null): Promise<CallView> {
    if (this.current.registration !== 'registered') throw new PhoneError('phoneOffline', 'The phone is not registered');
    const target = dialTarget(number, this.options.account);
    if (!target) throw new PhoneError('phoneInvalidNumber', 'Not a number or SIP address that can be dialled');
    const inviter = new Inviter(this.ua, target, monitor ? { extraHeaders: [`${MONITOR_HEADER}: ${monitor}`] } : {});
    const id = this.newId();
    (inviter as Session & { carefrontId?: string }).carefrontId = id;
    const record = this.track(id, inviter, 'outbound', this.party(target, null), monitor);
    await inviter.invite({
      requestDelegate: {
        onAccept: (response) => (record.remoteAgent = agentOf(response.message)),
        onReject: (response) => this.update(id, { endReason: `rejected ${response.message.statusCode}` }),
      },
    });
    return structuredClone(record.view);
  }

  async answer(callId: string): Promise<void> {
    const c = this.require(callId);
    if (!(c.session instanceof Invitation) || c.session.state !== SessionState.Initial) throw new PhoneError('invalidArgument', 'This call is not ringing');
    await c.session.accept();
  }

  async reject(callId: string): Promise<void> {
    const c = this.require(callId);
    if (!(c.session instanceof Invitation) || c.session.state !== SessionState.Initial) throw new PhoneError('invalidArgument', 'This call is not ringing');
    this.update(callId, { endReason: 'rejected by agent' });
    await c.session.reject({ statusCode: 486 });
  }

  /** `reason` (RFC 3326) tells the other end why, e.g. a monitoring leg ended because its audio failed. */
  async hangup(callId: string, reason?: { cause: number; text: string }): Promise<void> {
    const c = this.require(callId);
    this.update(callId, { endReason: reason ? `hung up by agent: ${reason.text}` : 'hung up by agent' });
    this.terminate(c.session, reason ? [`Reason: SIP;cause=${reason.cause};text="${reason.text.replace(/[^a-z ]/gi, '')}"`] : []);
  }

  async hold(callId: string, hold: boolean): Promise<void> {
    const c = this.require(callId);
    if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'The call is not connected');
    try {
      await this.renegotiate(c, { hold });
    } catch (err) {
      throw this.refused(c, hold ? 'holdRefused' : 'resumeRefused', err);
    }
    this.update(callId, { state: hold ? 'held' : 'active', heldSince: hold ? nowIso() : null, notice: null });
  }

  /**
   * Every re-INVITE of ours goes through here. One at a time per call, and never before the far end's
   * ACK of our answer to its INVITE: sip.js ends the call (BYE, Reason: SIP;cause=488) when that ACK
   * arrives while an offer of ours is outstanding (RFC 5407 3.1.5), so a quick hold after answering,
   * a media reattach or an ICE restart waits for the ACK. Glare (491, or a re-INVITE of the far end in
   * progress) is retried after a random pause (RFC 3261 14.1). A failure never ends the call.
   */
  private renegotiate(c: CallRecord, sdhOptions: { hold: boolean; iceRestart?: boolean }): Promise<void> {
    const run = async (): Promise<void> => {
      await this.whenAcked(c);
      for (let attempt = 0; ; attempt++) {
        if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'The call is not connected');
        try {
          await this.renegotiateOnce(c, sdhOptions);
          return;
        } catch (err) {
          if (!(err instanceof PhoneError && err.status === 491 && attempt < 3)) throw err;
          await new Promise((r) => setTimeout(r, 200 + Math.floor(Math.random() * 1800)));
        }
      }
    };
    const next = c.reinvites.then(run, run);
    c.reinvites = next.catch(() => undefined);
    return next;
  }

  /**
   * One re-INVITE. sip.js hangs up when the far end's answer cannot be applied or our offer cannot be
   * rolled back after a refusal; here the call is kept on the media it had, and the caller learns of
   * the failure as a PhoneError with the SIP status.
   */
  private renegotiateOnce(c: CallRecord, sdhOptions: object): Promise<void> {
    const steps = c.session as unknown as SessionMediaSteps;
    const { setAnswer, rollbackOffer } = steps;
    let mediaFailed = false;
    steps.setAnswer = (...args: unknown[]) =>
      setAnswer.apply(c.session, args).catch(async () => {
        mediaFailed = true;
        await rollbackOffer.apply(c.session).catch(() => undefined);
      });
    steps.rollbackOffer = () => rollbackOffer.apply(c.session).catch(() => undefined);
    const restore = () => {
      delete (steps as Partial<SessionMediaSteps>).setAnswer;
      delete (steps as Partial<SessionMediaSteps>).rollbackOffer;
    };
    return new Promise<void>((resolve, reject) => {
      c.session
        .invite({
          sessionDescriptionHandlerOptions: sdhOptions,
          requestDelegate: {
            onAccept: () => {
              restore();
              if (mediaFailed) reject(new PhoneError('phoneRefused', 'The answer to the re-INVITE could not be applied', null));
              else resolve();
            },
            onReject: (r) => {
              restore();
              reject(new PhoneError('phoneRefused', `The re-INVITE was refused (${r.message.statusCode})`, r.message.statusCode));
            },
          },
        })
        .catch((err: unknown) => {
          restore();
          reject(err instanceof RequestPendingError ? new PhoneError('phoneRefused', 'A renegotiation is in progress', 491) : new PhoneError('internal', 'The re-INVITE could not be sent'));
        });
    });
  }

  /** Resolves once the far end has acknowledged our answer to its INVITE; rejects if the call ends first. */
  private whenAcked(c: CallRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): boolean => {
        if (c.session.state === SessionState.Terminated) reject(new PhoneError('invalidArgument', 'The call has ended'));
        else if (this.isAcked(c)) resolve();
        else return false;
        c.ackWaiters.delete(check);
        return true;
      };
      if (!check()) c.ackWaiters.add(check);
    });
  }

  private isAcked(c: CallRecord): boolean {
    if (c.acked) return true;
    // sip.js's dialog knows too (ackWait is cleared by the ACK of the initial 2xx).
    const dialog = c.session.dialog as unknown as { ackWait?: boolean } | undefined;
    return dialog !== undefined && dialog.ackWait === false;
  }

  /** The call is put back as it was, the agent is told (the call's notice), and the error says why. */
  private refused(c: CallRecord, kind: CallNoticeKind, err: unknown, restore: Partial<CallView> = {}): PhoneError {
    const status = err instanceof PhoneError ? err.status : null;
    this.update(c.view.id, { ...restore, notice: { kind, status, at: nowIso() } });
    if (err instanceof PhoneError && err.code !== 'internal') return err;
    return new PhoneError('phoneRefused', `The request was not completed (${kind})`, status);
  }

  /**
   * Renegotiates the media of every connected call (a re-INVITE): used when the renderer that owned
   * the media was reloaded, so a new RTCPeerConnection takes over without dropping the call.
   */
  async renegotiateAll(): Promise<number> {
    const live = [...this.calls.values()].filter((c) => c.session.state === SessionState.Established);
    await Promise.all(live.map((c) => this.renegotiate(c, { hold: c.view.state === 'held' }).catch((err) => void this.refused(c, 'renegotiationFailed', err))));
    return live.length;
  }

  /** ICE restart after a network change: a re-INVITE whose offer carries fresh ICE credentials. */
  async restartIce(callId: string): Promise<void> {
    const c = this.require(callId);
    if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'The call is not connected');
    try {
      await this.renegotiate(c, { hold: c.view.state === 'held', iceRestart: true });
    } catch (err) {
      throw this.refused(c, 'renegotiationFailed', err);
    }
  }

  mute(callId: string, muted: boolean): void {
    const c = this.require(callId);
    const media = c.session.sessionDescriptionHandler as (SessionDescriptionHandler & { setMuted?: (m: boolean) => void }) | undefined;
    media?.setMuted?.(muted);
    this.update(callId, { muted });
  }

  /** RFC 4733 in the media path; SIP INFO when the peer offered no telephone-event or miscounts RFC 4733 (peer-quirks.ts). */
  async dtmf(callId: string, digits: string): Promise<'rtp' | 'info'> {
    if (!/^[0-9*#A-D]{1,32}$/.test(digits)) throw new PhoneError('invalidArgument', 'DTMF digits are 0-9 * # A-D');
    const c = this.require(callId);
    if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'The call is not connected');
    const media = c.session.sessionDescriptionHandler as (SessionDescriptionHandler & { supportsRtpDtmf?: () => boolean }) | undefined;
    if (!dtmfBySipInfo(c.remoteAgent) && media && (media.supportsRtpDtmf?.() ?? true) && media.sendDtmf(digits)) return 'rtp';
    for (const d of digits) {
      try {
        await this.info(c, { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${d}\r\nDuration=160` });
      } catch (err) {
        throw this.refused(c, 'infoRefused', err);
      }
    }
    return 'info';
  }

  /** A SIP INFO in the call, settled by the far end's final response (a refusal rejects with its status). */
  private info(c: CallRecord, body: { contentDisposition: string; contentType: string; content: string }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      c.session
        .info({
          requestOptions: { body },
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (r) => reject(new PhoneError('phoneRefused', `INFO refused (${r.message.statusCode})`, r.message.statusCode)),
          },
        })
        .catch(() => reject(new PhoneError('internal', 'The INFO could not be sent')));
    });
  }

  /**
   * Three-way conference for escalations that keep the agent on the line (e.g. a warm hand-over to
   * the crisis counsellor): both calls are taken off hold and their media bridged by the agent's
   * desktop, so caller and counsellor hear each other and the agent.
   */
  async conference(callId: string, otherCallId: string): Promise<void> {
    const a = this.require(callId);
    const b = this.require(otherCallId);
    for (const c of [a, b]) {
      if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'Both calls must be connected');
    }
    const ma = a.session.sessionDescriptionHandler as (SessionDescriptionHandler & { bridgeWith?: (o: unknown) => void | Promise<void> }) | undefined;
    const mb = b.session.sessionDescriptionHandler;
    if (!ma?.bridgeWith || !mb) throw new PhoneError('internal', 'This media cannot be conferenced');
    const held = [a, b].filter((c) => c.view.state === 'held').map((c) => c.view.id);
    for (const id of held) await this.hold(id, false);
    try {
      await ma.bridgeWith(mb);
    } catch (err) {
      // The mix carries no audio: nothing is marked conferenced, and the calls go back as they were.
      for (const id of held) if (this.calls.get(id)?.session.state === SessionState.Established) await this.hold(id, true).catch(() => undefined);
      throw new PhoneError('mediaFailed', `the conference audio could not be mixed (${err instanceof Error ? err.message.slice(0, 100) : 'unknown'})`);
    }
    this.conferencePartners.set(callId, otherCallId);
    this.conferencePartners.set(otherCallId, callId);
    this.update(callId, { conferenceWith: [b.view.remote] });
    this.update(otherCallId, { conferenceWith: [a.view.remote] });
  }

  /** Undoes a conference (its audio failed): neither call is conferenced any more, the mix is torn down. */
  async unconference(callId: string): Promise<string[]> {
    const partner = this.conferencePartners.get(callId);
    const ids = [callId, ...(partner ? [partner] : [])];
    for (const id of ids) {
      this.conferencePartners.delete(id);
      const c = this.calls.get(id);
      if (!c) continue;
      if (c.view.conferenceWith.length) this.update(id, { conferenceWith: [] });
      const media = c.session.sessionDescriptionHandler as (SessionDescriptionHandler & { unbridge?: () => void | Promise<void> }) | undefined;
      await Promise.resolve(media?.unbridge?.()).catch(() => undefined);
    }
    return ids;
  }

  /** The call each conferenced call is mixed with (both directions). */
  private readonly conferencePartners = new Map<string, string>();

  /** Sends a SIP MESSAGE (the escalation notice to the team lead). */
  async sendMessage(target: string, body: string, contentType = 'application/json'): Promise<void> {
    const uri = dialTarget(target, this.options.account);
    if (!uri) throw new PhoneError('phoneInvalidNumber', 'Not a SIP address to message');
    // Delivered means answered 2xx by the other side, not merely sent (an offline lead gets 404/480).
    await new Promise<void>((resolve, reject) => {
      new Messager(this.ua, uri, body, contentType)
        .message({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new PhoneError('phoneOffline', `The message was not delivered (${response.message.statusCode})`)),
          },
        })
        .catch(reject);
    });
  }

  /** Blind transfer: REFER the caller to the target and leave. */
  async blindTransfer(callId: string, target: string): Promise<void> {
    const c = this.require(callId);
    const uri = dialTarget(target, this.options.account);
    if (!uri) throw new PhoneError('phoneInvalidNumber', 'Not a transfer target');
    const before = this.transferable(c);
    this.update(callId, { state: 'transferring' });
    try {
      await this.refer(c.session, uri);
    } catch (err) {
      // Refused by the far end or the server (403, 408, ...): the caller is still on the line with us.
      throw this.refused(c, 'transferRefused', err, this.stillUp(c) ? { state: before } : {});
    }
    this.update(callId, { endReason: 'transferred', notice: null });
    this.terminate(c.session);
  }

  /** The state a call returns to if its transfer is refused (only a connected call can be transferred). */
  private transferable(c: CallRecord): 'active' | 'held' {
    if (c.session.state !== SessionState.Established || (c.view.state !== 'active' && c.view.state !== 'held')) {
      throw new PhoneError('invalidArgument', 'The call is not connected');
    }
    return c.view.state;
  }

  private stillUp(c: CallRecord): boolean {
    return this.calls.get(c.view.id) === c && c.session.state === SessionState.Established;
  }

  /** Attended transfer: the agent has talked to the target on `consultCallId`; join caller and target (REFER with Replaces). */
  async attendedTransfer(callId: string, consultCallId: string): Promise<void> {
    const c = this.require(callId);
    const consult = this.require(consultCallId);
    const before = this.transferable(c);
    this.update(callId, { state: 'transferring' });
    try {
      await this.refer(c.session, consult.session);
    } catch (err) {
      throw this.refused(c, 'transferRefused', err, this.stillUp(c) ? { state: before } : {});
    }
    this.update(callId, { endReason: 'transferred' });
    this.update(consultCallId, { endReason: 'transferred' });
    // Leave the caller; the consult leg stays up until the colleague's phone replaces it (and hangs it up).
    this.terminate(c.session);
  }

  private refer(session: Session, target: URI | Session): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      void session
        .refer(target, {
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (r) => reject(new PhoneError('phoneRefused', `transfer refused (${r.message.statusCode})`, r.message.statusCode)),
          },
        })
        .catch(() => reject(new PhoneError('internal', 'The REFER could not be sent')));
    });
  }

  private incoming(invitation: Invitation): void {
    const id = this.idOf(invitation) ?? this.newId();
    (invitation as Session & { carefrontId?: string }).carefrontId = id;
    const remote = this.party(invitation.remoteIdentity.uri, invitation.remoteIdentity.displayName);
    const monitorHeader = invitation.request.getHeader(MONITOR_HEADER);
    if (monitorHeader !== undefined) {
      // A lead's monitoring call: never rung or popped; the host accepts it (from a lead) or rejects it.
      const mode = MonitorModeSchema.safeParse(monitorHeader.trim());
      if (!mode.success) {
        void invitation.reject({ statusCode: 400 });
        return;
      }
      this.track(id, invitation, 'inbound', remote, mode.data);
      // Only the identity the SIP server asserts counts for who is asking to monitor ('' when none).
      this.emit('monitorRequest', id, assertedUser(invitation.request) ?? '', mode.data);
      return;
    }
    const replaced = this.replacedBy(invitation);
    const refusal = replaced ? null : (this.options.refuseIncoming?.() ?? null);
    if (refusal) {
      // Not rung, not popped, not tracked: the caller's side hears the status (e.g. 480 on a break).
      void invitation.reject({ statusCode: refusal }).catch(() => undefined);
      return;
    }
    this.track(id, invitation, 'inbound', remote).remoteAgent = agentOf(invitation.request);
    if (replaced) {
      // Attended transfer arriving here: the new call takes the place of one we are on.
      this.update(replaced.view.id, { endReason: 'replaced by transfer' });
      void invitation.accept().then(() => this.terminate(replaced.session));
    }
  }

  /** The established call an INVITE with a Replaces header (RFC 3891) points at, if any. */
  private replacedBy(invitation: Invitation): CallRecord | undefined {
    const header = invitation.request.getHeader('Replaces');
    if (!header || header.length > 500) return undefined;
    const [callId, ...params] = header.split(';').map((p) => p.trim());
    const tags = Object.fromEntries(params.map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
    return [...this.calls.values()].find((c) => {
      const d = c.session.dialog;
      return d && d.callId === callId && c.session.state === SessionState.Established && (d.localTag === tags['to-tag'] || d.remoteTag === tags['from-tag']);
    });
  }

  private track(id: string, session: Session, direction: 'inbound' | 'outbound', remote: CallParty, monitor: MonitorMode | null = null): CallRecord {
    const view: CallView = {
      id, direction, state: direction === 'inbound' ? 'ringing' : 'dialing', remote,
      createdAt: nowIso(), answeredAt: null, endedAt: null, muted: false, heldSince: null, endReason: null, conferenceWith: [], monitor,
    };
    // A call we placed is acknowledged by us; one we answer waits for the caller's ACK.
    const record: CallRecord = { view, session, acked: !(session instanceof Invitation), ackWaiters: new Set(), reinvites: Promise.resolve() };
    const wake = () => {
      for (const w of [...record.ackWaiters]) w();
    };
    this.calls.set(id, record);
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.update(id, { state: 'active', answeredAt: record.view.answeredAt ?? nowIso() });
      if (state === SessionState.Terminated) {
        wake();
        // sip.js ends a rejected INVITE before it calls the request's onReject: let that record why first.
        queueMicrotask(() => {
          this.update(id, { state: 'ended', endedAt: nowIso(), endReason: record.view.endReason ?? 'hung up by the other party' });
          session.sessionDescriptionHandler?.close();
          this.calls.delete(id);
          // The conference ends with either leg: the other is no longer conferenced and its mix is undone.
          if (this.conferencePartners.has(id)) void this.unconference(id);
        });
      }
    });
    session.delegate = {
      onAck: () => {
        record.acked = true;
        wake();
      },
      onBye: (bye) => {
        // RFC 3326: the other end may say why it hung up (e.g. a monitoring leg whose audio failed).
        const why = /text="([^"]{1,80})"/.exec(bye.request.getHeader('Reason') ?? '')?.[1];
        if (why && !record.view.endReason) record.view = { ...record.view, endReason: `hung up by the other party: ${why.replace(/[^a-z ]/gi, '')}` };
        void bye.accept();
      },
      onInfo: (info) => {
        const body = (info.request.body ?? '').slice(0, 200);
        void info.accept();
        if (record.view.monitor && (info.request.getHeader('Content-Type') ?? '').startsWith(MONITOR_INFO_TYPE)) {
          const mode = MonitorModeSchema.safeParse(/^mode=([a-z]{1,10})\s*$/.exec(body)?.[1]);
          if (mode.success) this.emit('monitorMode', id, mode.data);
          return;
        }
        const m = /Signal\s*=\s*([0-9*#A-D])/i.exec(body);
        if (m) this.emit('dtmf', id, m[1]!.toUpperCase(), 'info');
      },
      onRefer: (referral) => {
        // We are being transferred: accept, then call the party we were referred to (with Replaces
        // for an attended transfer). The new call is tracked like any other.
        void referral.accept().then(() => {
          const inviter = referral.makeInviter();
          const newId = this.newId();
          (inviter as Session & { carefrontId?: string }).carefrontId = newId;
          const leg = this.track(newId, inviter, 'outbound', this.party(inviter.remoteIdentity.uri, null));
          return inviter.invite({ requestDelegate: { onAccept: (response) => (leg.remoteAgent = agentOf(response.message)) } });
        });
      },
    };
    this.emit('call', structuredClone(view));
    this.publishDialogs();
    return record;
  }

  private update(id: string, patch: Partial<CallView>): void {
    const c = this.calls.get(id);
    if (!c) return;
    const stateChanged = patch.state !== undefined && patch.state !== c.view.state;
    c.view = { ...c.view, ...patch };
    this.emit('call', structuredClone(c.view));
    if (stateChanged) this.publishDialogs();
  }

  private terminate(session: Session, extraHeaders: string[] = []): void {
    try {
      if (session.state === SessionState.Established) void session.bye(extraHeaders.length ? { requestOptions: { extraHeaders } } : undefined);
      else if (session instanceof Inviter && session.state !== SessionState.Terminated) void session.cancel();
      else if (session instanceof Invitation && session.state === SessionState.Initial) void session.reject();
    } catch {
      /* already ending */
    }
  }

  private require(callId: string): CallRecord {
    const c = this.calls.get(callId);
    if (!c) throw new PhoneError('notFound', 'No such call');
    return c;
  }

  private party(uri: URI, displayName: string | null): CallParty {
    const user = cleanUser(uri.user ?? '');
    return { displayName: cleanDisplayName(displayName), user, e164: /^\+[1-9]\d{6,14}$/.test(user) ? user : null };
  }

  private idOf(session: Session): string | undefined {
    return (session as Session & { carefrontId?: string }).carefrontId;
  }

  private newId(): string {
    return crypto.randomUUID().replace(/-/g, '').slice(0, 20);
  }

  private async register(): Promise<void> {
    if (this.stopped) return;
    this.setStatus({ registration: 'registering', reason: null });
    try {
      await this.registerer.register({
        requestDelegate: {
          // After a reconnect the Registerer may still think it is registered (no state change): the 200 OK is the truth.
          onAccept: () => {
            this.attempts = 0;
            this.setStatus({ registration: 'registered', reason: null });
          },
          onReject: (response) => {
            const code = response.message.statusCode;
            const wrongPassword = code === 401 || code === 403 || code === 407;
            this.setStatus({ registration: 'failed', reason: wrongPassword ? 'wrongPassword' : 'serverUnreachable' });
            if (wrongPassword) void this.ua.stop(); // do not loop on 401 with a wrong password
          },
        },
      });
    } catch {
      this.setStatus({ registration: 'reconnecting', reason: 'serverUnreachable' });
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer || this.current.reason === 'wrongPassword') return;
    const delay = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** this.attempts++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.ua.reconnect().catch(() => this.scheduleReconnect());
    }, delay);
  }

  private setStatus(s: PhoneStatus): void {
    if (s.registration === this.current.registration && s.reason === this.current.reason) return;
    this.current = s;
    this.emit('status', { ...s });
  }
}

export class PhoneError extends Error {
  constructor(
    readonly code: 'phoneOffline' | 'phoneInvalidNumber' | 'invalidArgument' | 'notFound' | 'internal' | 'phoneRefused' | 'mediaFailed',
    message: string,
    /** The SIP status of a refusal, where there was one. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'PhoneError';
  }
}

/**
 * The sender as the SIP server asserts it (RFC 3325 P-Asserted-Identity, added by the server after it
 * authenticated the request), or null when the server asserted nothing. The From header is the
 * client's own claim and is not used for decisions about who someone is.
 */
/** The far end's software as it names itself (User-Agent, or Server in a response), length-limited. */
function agentOf(message: { getHeader(name: string): string | undefined }): string | undefined {
  return (message.getHeader('User-Agent') ?? message.getHeader('Server'))?.slice(0, 300);
}

function assertedUser(request: { getHeader(name: string): string | undefined }): string | null {
  const pai = request.getHeader('P-Asserted-Identity');
  if (!pai || pai.length > 300) return null;
  const m = /<?sips?:([^@>;]+)@/i.exec(pai);
  const user = m ? cleanUser(m[1]) : '';
  return user || null;
}
