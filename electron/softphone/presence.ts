/**
 * Presence for the team-lead board: the agent's state published as PIDF, live call state published as
 * RFC 4235 dialog-info whenever a call changes, and subscriptions to other users' presence or dialog
 * state (the lead's side of the board).
 */
import { Subscriber, type UserAgent } from 'sip.js';
import type { AgentState } from '../../shared/domain/agent';
import type { PresenceExtras } from '../../shared/domain/board';
import type { CallView } from '../../shared/domain/call';
import type { SipAccount } from '../../shared/domain/phone';
import { dialTarget } from './dial-target';
import { PhoneError } from './phone-error';
import { dialogInfo, pidf, type DialogEntry, type DialogState } from './presence-docs';
import { SerialPublisher } from './serial-publisher';

/** How long the registrar keeps a publication before it must be refreshed (sip.js refreshes it). */
const PUBLICATION_SECONDS = 600;

export class Presence {
  private presencePublisher: SerialPublisher | null = null;
  private dialogPublisher: SerialPublisher | null = null;
  private dialogVersion = 0;
  private lastDialogs: DialogEntry[] = [];

  constructor(
    private readonly ua: UserAgent,
    private readonly account: SipAccount,
    private readonly registered: () => boolean,
  ) {}

  /** The agent's state, when it began, and the extras the board shows (caller verification status, escalation raised). */
  async publishAgentState(state: AgentState, since?: string, extras?: PresenceExtras): Promise<void> {
    if (!this.registered()) return;
    const self = this.ua.configuration.uri;
    this.presencePublisher ??= new SerialPublisher(this.ua, self, 'presence', 'application/pidf+xml', PUBLICATION_SECONDS);
    this.presencePublisher.publish(pidf(self.toString(), state, since, extras));
    await this.presencePublisher.settled();
  }

  /** Watchers see the agent go offline before the publication is withdrawn (when the phone stops); waits at most a second. */
  async publishOffline(): Promise<void> {
    if (!this.presencePublisher || !this.registered()) return;
    this.presencePublisher.publish(pidf(this.ua.configuration.uri.toString(), 'offline', new Date().toISOString()));
    await Promise.race([this.presencePublisher.settled(), new Promise((r) => setTimeout(r, 1000).unref())]);
  }

  /** Publishes the calls' state (dialog-info); calls that left since the last publication are sent once as terminated. */
  publishDialogs(calls: readonly CallView[]): void {
    if (!this.registered()) return;
    const toState = (c: CallView): DialogState => (c.state === 'ended' ? 'terminated' : c.state === 'ringing' || c.state === 'dialing' ? 'early' : 'confirmed');
    const now = Date.now();
    // Monitoring legs are not calls with a caller: the board never counts them.
    const live: DialogEntry[] = calls
      .filter((c) => !c.monitor)
      .map((c) => {
        const state = toState(c);
        const direction = c.direction === 'inbound' ? ('recipient' as const) : ('initiator' as const);
        const answered = c.answeredAt ? Date.parse(c.answeredAt) : NaN;
        return state === 'confirmed' && !Number.isNaN(answered)
          ? { id: c.id, state, direction, duration: (now - answered) / 1000 }
          : { id: c.id, state, direction };
      });
    const ended = this.lastDialogs
      .filter((d) => !live.some((l) => l.id === d.id))
      .map(({ id, direction }) => ({ id, direction, state: 'terminated' as const }));
    this.lastDialogs = live;
    const self = this.ua.configuration.uri;
    this.dialogPublisher ??= new SerialPublisher(this.ua, self, 'dialog', 'application/dialog-info+xml', PUBLICATION_SECONDS);
    this.dialogPublisher.publish(dialogInfo(self.toString(), this.dialogVersion++, [...live, ...ended]));
  }

  /** Subscribes to another user's presence or dialog state (the team-lead board); returns the unsubscribe. */
  watch(target: string, event: 'presence' | 'dialog', onNotify: (body: string) => void): () => Promise<void> {
    const uri = dialTarget(target, this.account);
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
}
