/**
 * Registration with the SIP server: the REGISTER, reconnection with backoff when the connection drops
 * or never opens, and the phone's status (registering, registered, reconnecting, failed, offline).
 * A refused password stops the user agent instead of looping on 401.
 */
import { Registerer, RegistererState, TransportState, type RegistererOptions, type UserAgent } from 'sip.js';
import type { PhoneStatus } from '../../shared/ipc/contract';
import type { Emit } from './softphone-events';

export interface Backoff {
  /** First delay and ceiling, in ms. */
  firstMs: number;
  maxMs: number;
}

export class Registration {
  private readonly registerer: Registerer;
  private current: PhoneStatus = { registration: 'offline', reason: null };
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private stopped = false;

  constructor(
    private readonly ua: UserAgent,
    private readonly emit: Emit,
    private readonly backoff: Backoff,
    /** The registration's lifetime, and the desk's reg-id when it registers with an instance id (desk-contact.ts). */
    options: Pick<RegistererOptions, 'expires' | 'regId'>,
  ) {
    this.registerer = new Registerer(ua, options);
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

  get registered(): boolean {
    return this.current.registration === 'registered';
  }

  start(): void {
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

  /** The user agent's transport connected (the UA delegate's onConnect). */
  connected(): void {
    void this.register();
  }

  /** The user agent's transport dropped (the UA delegate's onDisconnect). */
  disconnected(error?: Error): void {
    if (this.stopped || this.current.reason === 'wrongPassword') return;
    this.setStatus({ registration: 'reconnecting', reason: error ? 'serverUnreachable' : null });
    this.scheduleReconnect();
  }

  /** The first step of stopping: no more reconnecting. */
  halt(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
  }

  /** Best effort: a server that does not answer is not waited for beyond sip.js's own timers. */
  async unregister(): Promise<void> {
    try {
      if (this.registerer.state === RegistererState.Registered) await this.registerer.unregister();
    } catch {
      /* best effort */
    }
  }

  /** The last step of stopping. */
  offline(): void {
    this.setStatus({ registration: 'offline', reason: null });
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
      this.ua.reconnect().catch(() => {
        this.scheduleReconnect();
      });
    }, delay);
  }

  private setStatus(s: PhoneStatus): void {
    if (s.registration === this.current.registration && s.reason === this.current.reason) return;
    this.current = s;
    this.emit('status', { ...s });
  }
}
