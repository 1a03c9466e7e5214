/**
 * Renegotiation: every re-INVITE of ours (hold and resume, a media reattach after the renderer was
 * reloaded, an ICE restart) goes through here, one at a time per call. A failed renegotiation never
 * ends the call: it stays on the media it had, and the caller learns why as a PhoneError.
 */
import { RequestPendingError, SessionState } from 'sip.js';
import type { CallMediaOptions } from './call-media';
import type { CallRecord, CallTable } from './call-table';
import { PhoneError } from './phone-error';
import { dialogAcked, keepCallThroughFailedAnswer } from './sip-internals';

export type RenegotiationOptions = CallMediaOptions & { hold: boolean };

export class Renegotiation {
  constructor(private readonly table: CallTable) {}

  /**
   * One at a time per call, and never before the far end's ACK of our answer to its INVITE: sip.js
   * ends the call (BYE, Reason: SIP;cause=488) when that ACK arrives while an offer of ours is
   * outstanding (RFC 5407 3.1.5), so a quick hold after answering, a media reattach or an ICE restart
   * waits for the ACK. Glare (491, or a re-INVITE of the far end in progress) is retried after a
   * random pause (RFC 3261 14.1).
   */
  renegotiate(c: CallRecord, sdhOptions: RenegotiationOptions): Promise<void> {
    const run = async (): Promise<void> => {
      await this.whenAcked(c);
      for (let attempt = 0; ; attempt++) {
        if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'The call is not connected');
        try {
          await this.once(c, sdhOptions);
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
   * Renegotiates the media of every connected call: used when the renderer that owned the media was
   * reloaded, so a new RTCPeerConnection takes over without dropping the call.
   */
  async all(): Promise<number> {
    const live = this.table.records().filter((c) => c.session.state === SessionState.Established);
    await Promise.all(
      live.map((c) => this.renegotiate(c, { hold: c.view.state === 'held' }).catch((err: unknown) => void this.table.refused(c, 'renegotiationFailed', err))),
    );
    return live.length;
  }

  /** ICE restart after a network change: a re-INVITE whose offer carries fresh ICE credentials. */
  async restartIce(callId: string): Promise<void> {
    const c = this.table.require(callId);
    if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'The call is not connected');
    try {
      await this.renegotiate(c, { hold: c.view.state === 'held', iceRestart: true });
    } catch (err) {
      throw this.table.refused(c, 'renegotiationFailed', err);
    }
  }

  /**
   * One re-INVITE. sip.js hangs up when the far end's answer cannot be applied or our offer cannot be
   * rolled back after a refusal; here the call is kept on the media it had, and the caller learns of
   * the failure as a PhoneError with the SIP status.
   */
  private once(c: CallRecord, sdhOptions: RenegotiationOptions): Promise<void> {
    const guard = keepCallThroughFailedAnswer(c.session);
    return new Promise<void>((resolve, reject) => {
      c.session
        .invite({
          sessionDescriptionHandlerOptions: sdhOptions,
          requestDelegate: {
            onAccept: () => {
              guard.restore();
              if (guard.answerFailed()) reject(new PhoneError('phoneRefused', 'The answer to the re-INVITE could not be applied', null));
              else resolve();
            },
            onReject: (r) => {
              guard.restore();
              reject(new PhoneError('phoneRefused', `The re-INVITE was refused (${r.message.statusCode})`, r.message.statusCode));
            },
          },
        })
        .catch((err: unknown) => {
          guard.restore();
          reject(
            err instanceof RequestPendingError
              ? new PhoneError('phoneRefused', 'A renegotiation is in progress', 491)
              : new PhoneError('internal', 'The re-INVITE could not be sent'),
          );
        });
    });
  }

  /** Resolves once the far end has acknowledged our answer to its INVITE; rejects if the call ends first. */
  private whenAcked(c: CallRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): boolean => {
        if (c.session.state === SessionState.Terminated) reject(new PhoneError('invalidArgument', 'The call has ended'));
        else if (c.acked || dialogAcked(c.session)) resolve();
        else return false;
        c.ackWaiters.delete(check);
        return true;
      };
      if (!check()) c.ackWaiters.add(check);
    });
  }
}
