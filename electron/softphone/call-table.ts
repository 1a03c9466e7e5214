/**
 * The call table: every call the softphone has, keyed by call id, with its sip.js session and the plain
 * CallView handed out (every change is emitted as a `call` event). It follows each session's life
 * (answered, ended, acknowledged, hung up with a reason) and hands in-dialog INFO and REFER requests to
 * the parts that own them.
 */
import { Invitation, Inviter, SessionState, type Info, type Referral, type Session, type URI } from 'sip.js';
import { newCallView, type CallNoticeKind, type CallParty, type CallView } from '../../shared/domain/call';
import type { MonitorMode } from '../../shared/domain/monitor';
import type { CallMedia } from './call-media';
import { PhoneError } from './phone-error';
import type { SessionRegistry } from './session-registry';
import type { Emit } from './softphone-events';
import { cleanDisplayName, cleanUser } from './untrusted';

export interface CallRecord {
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
  /** The hand-off id the call carried (or the call it replaced carried), and who the SIP server asserted placed it. */
  handoff?: { id: string; assertedSender: string | null };
}

export interface CallTableHooks {
  /** A call was added or its state changed (dialog-info is published). */
  changed(): void;
  /** A call ended and left the table. */
  ended(callId: string): void;
  /** A SIP INFO in a call (DTMF, a monitoring mode change). */
  info(record: CallRecord, info: Info): void;
  /** A REFER in a call: we are being transferred. */
  refer(record: CallRecord, referral: Referral): void;
}

export const nowIso = () => new Date().toISOString();

/** The other party of a call as shown to the agent: untrusted values cleaned, an E.164 number recognised. */
export function partyOf(uri: URI, displayName: string | null): CallParty {
  const user = cleanUser(uri.user ?? '');
  return { displayName: cleanDisplayName(displayName), user, e164: /^\+[1-9]\d{6,14}$/.test(user) ? user : null };
}

export class CallTable {
  private readonly calls = new Map<string, CallRecord>();

  constructor(
    private readonly emit: Emit,
    private readonly sessions: SessionRegistry,
    private readonly hooks: CallTableHooks,
  ) {}

  /** Copies of every call, for the host. */
  list(): CallView[] {
    return [...this.calls.values()].map((c) => structuredClone(c.view));
  }

  get(callId: string): CallView | null {
    const c = this.calls.get(callId);
    return c ? structuredClone(c.view) : null;
  }

  /** The calls' views as they are (not copies): for publishing, never handed out. */
  views(): CallView[] {
    return [...this.calls.values()].map((c) => c.view);
  }

  records(): CallRecord[] {
    return [...this.calls.values()];
  }

  find(callId: string): CallRecord | undefined {
    return this.calls.get(callId);
  }

  require(callId: string): CallRecord {
    const c = this.calls.get(callId);
    if (!c) throw new PhoneError('notFound', 'No such call');
    return c;
  }

  /** The call's media, once sip.js has created it. */
  media(c: CallRecord): CallMedia | null {
    return this.sessions.media(c.session);
  }

  /** Whether the call is still in the table and connected. */
  stillUp(c: CallRecord): boolean {
    return this.calls.get(c.view.id) === c && c.session.state === SessionState.Established;
  }

  track(id: string, session: Session, direction: 'inbound' | 'outbound', remote: CallParty, monitor: MonitorMode | null = null): CallRecord {
    const view = newCallView({ id, direction, remote, monitor });
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
          this.sessions.media(session)?.close();
          this.calls.delete(id);
          this.hooks.ended(id);
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
        this.hooks.info(record, info);
      },
      onRefer: (referral) => {
        this.hooks.refer(record, referral);
      },
    };
    this.emit('call', structuredClone(view));
    this.hooks.changed();
    return record;
  }

  update(id: string, patch: Partial<CallView>): void {
    const c = this.calls.get(id);
    if (!c) return;
    const stateChanged = patch.state !== undefined && patch.state !== c.view.state;
    c.view = { ...c.view, ...patch };
    this.emit('call', structuredClone(c.view));
    if (stateChanged) this.hooks.changed();
  }

  /** Ends the session whatever its state: BYE, CANCEL or a rejection. */
  terminate(session: Session, extraHeaders: string[] = []): void {
    try {
      if (session.state === SessionState.Established) void session.bye(extraHeaders.length ? { requestOptions: { extraHeaders } } : undefined);
      else if (session instanceof Inviter && session.state !== SessionState.Terminated) void session.cancel();
      else if (session instanceof Invitation && session.state === SessionState.Initial) void session.reject();
    } catch {
      /* already ending */
    }
  }

  /** The call is put back as it was, the agent is told (the call's notice), and the error says why. */
  refused(c: CallRecord, kind: CallNoticeKind, err: unknown, restore: Partial<CallView> = {}): PhoneError {
    const status = err instanceof PhoneError ? err.status : null;
    this.update(c.view.id, { ...restore, notice: { kind, status, at: nowIso() } });
    if (err instanceof PhoneError && err.code !== 'internal') return err;
    return new PhoneError('phoneRefused', `The request was not completed (${kind})`, status);
  }
}
