/**
 * The softphone: one sip.js UserAgent in the main process. It owns registration (with reconnection
 * and backoff), every call and its state; it hands out only plain CallView data keyed by call id.
 * Media is delegated to a session description handler chosen by the host: plain RTP on loopback in
 * Node tests, the renderer's RTCPeerConnection in the app. This class composes the parts, one module
 * per concern: registration, the call table and calls, renegotiation, transfers, conference,
 * monitoring, presence, messaging, and the transport with its guard.
 */
import { UserAgent } from 'sip.js';
import type { AgentState } from '../../shared/domain/agent';
import type { PresenceExtras } from '../../shared/domain/board';
import type { CallView } from '../../shared/domain/call';
import type { MonitorMode } from '../../shared/domain/monitor';
import type { SipAccount } from '../../shared/domain/phone';
import type { PhoneStatus } from '../../shared/ipc/contract';
import type { CallMedia } from './call-media';
import { CallTable } from './call-table';
import { Calls } from './calls';
import { Conference } from './conference';
import { Messaging } from './messaging';
import { Monitoring } from './monitoring';
import { Presence } from './presence';
import { Registration, type Backoff } from './registration';
import { Renegotiation } from './renegotiation';
import { SessionRegistry } from './session-registry';
import type { Emit, SoftphoneEvents } from './softphone-events';
import { guardTransport, type TransportGuardCounts } from './transport-guard';
import { Transfers } from './transfers';
import { TypedEmitter } from './typed-emitter';
import { WebSocketTransport, type SipWebSocketClass, type WebSocketTransportOptions } from './websocket-transport';
import { deskRegistration } from './desk-registration';

export { PhoneError } from './phone-error';
export type { CallMedia } from './call-media';
export type { SoftphoneEvents } from './softphone-events';

export interface SoftphoneOptions {
  account: SipAccount;
  /** Creates the media side of a call. */
  createMedia: (callId: string) => CallMedia;
  /** The WebSocket class SIP goes over (Node callers pass the `ws` package's; see websocket-transport.ts). */
  webSocket: SipWebSocketClass;
  /** Reconnection backoff: first delay and ceiling, in ms. */
  backoff?: Backoff;
  registerExpires?: number;
  userAgentString?: string;
  /**
   * Asked for each new incoming call (not a lead's monitoring call, not an attended transfer taking
   * the place of a call we are on): a status code refuses it before it rings (e.g. 480 while the agent
   * is on a break), null lets it ring.
   */
  refuseIncoming?: () => 480 | 486 | null;
  /**
   * A SIP instance id (a UUID, RFC 5626 4.1 / RFC 5627) so the registrar keeps one binding per desk.
   * Not yet used by the app: with it the registrar hands out a GRUU, sip.js then uses the GRUU as the
   * Contact of its SUBSCRIBEs, and the presence server's NOTIFYs to it need GRUU routing for requests
   * the server itself originates, which the rig's Kamailio does not have yet.
   */
  instanceId?: string;
}

export class Softphone extends TypedEmitter<SoftphoneEvents> {
  private readonly ua: UserAgent;
  private readonly sessions = new SessionRegistry();
  private readonly table: CallTable;
  private readonly guard: TransportGuardCounts;
  private readonly registration: Registration;
  private readonly renegotiation: Renegotiation;
  private readonly transfers: Transfers;
  private readonly conferences: Conference;
  private readonly monitoring: Monitoring;
  private readonly calls: Calls;
  private readonly presence: Presence;
  private readonly messaging: Messaging;

  constructor(options: SoftphoneOptions) {
    super();
    const { account } = options;
    const emit: Emit = (event, ...args) => {
      this.emit(event, ...args);
    };
    const uri = UserAgent.makeURI(account.uri);
    if (!uri) throw new Error('invalid SIP URI');
    this.table = new CallTable(emit, this.sessions, {
      changed: () => {
        this.presence.publishDialogs(this.table.views());
      },
      ended: (callId) => {
        this.conferences.ended(callId);
      },
      info: (record, info) => {
        this.calls.receivedInfo(record, info);
      },
      refer: (_record, referral) => {
        this.transfers.referred(referral);
      },
    });
    const desk = deskRegistration(options.instanceId);
    const transportOptions: WebSocketTransportOptions = { server: account.server, WebSocket: options.webSocket, connectionTimeout: 3, keepAliveInterval: 15 };
    this.ua = new UserAgent({
      uri,
      authorizationUsername: account.authUser,
      authorizationPassword: account.password,
      displayName: account.displayName ?? '',
      ...desk.userAgent,
      transportConstructor: WebSocketTransport,
      transportOptions,
      sessionDescriptionHandlerFactory: (session) => this.sessions.createMedia(session, options.createMedia),
      // An outbound proxy is a pre-loaded Route (RFC 3261 8.1.2): every request goes through it.
      preloadedRouteSet: account.outboundProxy ? [`<${account.outboundProxy};lr>`] : [],
      userAgentString: options.userAgentString ?? 'Carefront',
      logLevel: 'error',
      logBuiltinEnabled: false,
      noAnswerTimeout: 120,
      delegate: {
        onConnect: () => {
          this.registration.connected();
        },
        onDisconnect: (error) => {
          this.registration.disconnected(error);
        },
        onInvite: (invitation) => {
          this.calls.incoming(invitation);
        },
        onMessage: (message) => {
          this.messaging.received(message);
        },
      },
    });
    this.guard = guardTransport(this.ua);
    this.registration = new Registration(this.ua, emit, options.backoff ?? { firstMs: 500, maxMs: 30_000 }, {
      expires: options.registerExpires ?? 300,
      ...desk.registerer,
    });
    this.renegotiation = new Renegotiation(this.table);
    this.transfers = new Transfers(account, this.table, this.sessions);
    this.conferences = new Conference(this.table, (callId, hold) => this.hold(callId, hold));
    this.monitoring = new Monitoring(this.table, emit);
    const { ua, table, sessions, registration, renegotiation, monitoring, transfers } = this;
    this.calls = new Calls({ ua, account, table, sessions, registration, renegotiation, monitoring, transfers, emit, refuseIncoming: options.refuseIncoming });
    this.presence = new Presence(this.ua, account, () => this.registration.registered);
    this.messaging = new Messaging(this.ua, account, emit);
  }

  status(): PhoneStatus {
    return this.registration.status();
  }

  /** How many messages were dropped unanswered, or made sip.js throw (shown in diagnostics, asserted in tests). */
  get droppedMessages(): number {
    return this.guard.dropped;
  }

  /** How many invalid requests the transport guard answered itself (400, 505, 501, ...). */
  get refusedMessages(): number {
    return this.guard.refused;
  }

  /** How many messages that passed the guard still made sip.js throw (caught; the guard should leave none). */
  get threwMessages(): number {
    return this.guard.threw;
  }

  list(): CallView[] {
    return this.table.list();
  }

  get(callId: string): CallView | null {
    return this.table.get(callId);
  }

  /** The media of a call (tests read its RTP counters). */
  media(callId: string): CallMedia | undefined {
    const c = this.table.find(callId);
    return (c && this.table.media(c)) ?? undefined;
  }

  start(): Promise<void> {
    // Registration goes on in the background; a failure to begin is a rejection, not a throw.
    return new Promise((resolve) => {
      this.registration.start();
      resolve();
    });
  }

  async stop(): Promise<void> {
    this.registration.halt();
    for (const c of this.table.records()) this.table.terminate(c.session);
    await this.presence.publishOffline();
    await this.registration.unregister();
    // Stopping unpublishes and unsubscribes; a server that no longer answers must not hold us up.
    await Promise.race([this.ua.stop(), new Promise((r) => setTimeout(r, 3000).unref())]);
    this.registration.offline();
  }

  /** Publishes the agent's state as SIP presence (PIDF), so team leads can watch it. */
  publishAgentState(state: AgentState, since?: string, extras?: PresenceExtras): Promise<void> {
    return this.presence.publishAgentState(state, since, extras);
  }

  /** Subscribes to another user's presence or dialog state (the team-lead board); returns the unsubscribe. */
  watch(target: string, event: 'presence' | 'dialog', onNotify: (body: string) => void): () => Promise<void> {
    return this.presence.watch(target, event, onNotify);
  }

  /** Places a call; `handoff` (an escalation's consult leg) sends the hand-off id in a header. */
  dial(number: string, options: { handoff?: string } = {}): Promise<CallView> {
    return this.calls.invite(number, null, options.handoff);
  }

  answer(callId: string): Promise<void> {
    return this.calls.answer(callId);
  }

  reject(callId: string): Promise<void> {
    return this.calls.reject(callId);
  }

  /** `reason` (RFC 3326) tells the other end why, e.g. a monitoring leg ended because its audio failed. */
  hangup(callId: string, reason?: { cause: number; text: string }): Promise<void> {
    return this.calls.hangup(callId, reason);
  }

  hold(callId: string, hold: boolean): Promise<void> {
    return this.calls.hold(callId, hold);
  }

  mute(callId: string, muted: boolean): void {
    this.calls.mute(callId, muted);
  }

  /** RFC 4733 in the media path, or SIP INFO (peer-quirks.ts); says which was used. */
  dtmf(callId: string, digits: string): Promise<'rtp' | 'info'> {
    return this.calls.dtmf(callId, digits);
  }

  /** Renegotiates the media of every connected call (the renderer that owned the media was reloaded). */
  renegotiateAll(): Promise<number> {
    return this.renegotiation.all();
  }

  /** ICE restart after a network change: a re-INVITE whose offer carries fresh ICE credentials. */
  restartIce(callId: string): Promise<void> {
    return this.renegotiation.restartIce(callId);
  }

  /** Blind transfer: REFER the caller to the target and leave (`handoff`: an escalation's hand-off id, for the server to carry on). */
  blindTransfer(callId: string, target: string, options: { handoff?: string } = {}): Promise<void> {
    return this.transfers.blind(callId, target, options.handoff);
  }

  /** Attended transfer: join the caller and the target the agent consulted on `consultCallId` (REFER with Replaces). */
  attendedTransfer(callId: string, consultCallId: string): Promise<void> {
    return this.transfers.attended(callId, consultCallId);
  }

  /** Three-way conference: both calls off hold, their media bridged by the agent's desktop. */
  conference(callId: string, otherCallId: string): Promise<void> {
    return this.conferences.join(callId, otherCallId);
  }

  /** Undoes a conference (its audio failed): neither call is conferenced any more, the mix is torn down. */
  unconference(callId: string): Promise<string[]> {
    return this.conferences.undo(callId);
  }

  /** A team lead's monitoring call to an agent: the mode travels in a header; the agent's desktop decides. */
  monitor(agent: string, mode: MonitorMode): Promise<CallView> {
    return this.calls.invite(agent, mode);
  }

  /** Lead side: changes the mode of a monitoring call in progress (SIP INFO to the agent's desktop). */
  setMonitorMode(callId: string, mode: MonitorMode): Promise<void> {
    return this.monitoring.setMode(callId, mode);
  }

  /** Agent side: answers a lead's monitoring call and mixes it with the call in progress as the mode says. */
  acceptMonitor(monitorCallId: string, callId: string, mode: MonitorMode): Promise<void> {
    return this.monitoring.accept(monitorCallId, callId, mode);
  }

  /** Agent side: (re)routes the audio between the lead's leg and the call; rejects with `mediaFailed` when it cannot. */
  applyMonitor(monitorCallId: string, callId: string, mode: MonitorMode): Promise<void> {
    return this.monitoring.apply(monitorCallId, callId, mode);
  }

  /** Agent side: refuses a monitoring call (403 for a caller who is not a team lead). */
  rejectMonitor(monitorCallId: string, statusCode: 403 | 480 | 488): Promise<void> {
    return this.monitoring.reject(monitorCallId, statusCode);
  }

  /** Sends a SIP MESSAGE (the escalation notice to the team lead); resolves when the other side answered 2xx. */
  sendMessage(target: string, body: string, contentType = 'application/json'): Promise<void> {
    return this.messaging.send(target, body, contentType);
  }
}
