/**
 * SIP MESSAGE (RFC 3428): escalation notices between an agent's desktop and the team lead's. What
 * arrives is reported with the sender the SIP server asserts; what we send counts as delivered only
 * when the other side answered 2xx.
 */
import { Messager, type Message, type UserAgent } from 'sip.js';
import type { SipAccount } from '../../shared/domain/phone';
import { dialTarget } from './dial-target';
import { PhoneError } from './phone-error';
import type { Emit } from './softphone-events';
import { assertedUser } from './untrusted';

const MAX_BODY = 8192;

export class Messaging {
  constructor(
    private readonly ua: UserAgent,
    private readonly account: SipAccount,
    private readonly emit: Emit,
  ) {}

  /** A MESSAGE arrived (the user agent's onMessage): accepted, then reported if the server asserted who sent it. */
  received(message: Message): void {
    const body = message.request.body;
    void message.accept();
    // Who sent it is what the SIP server asserts (P-Asserted-Identity after it authenticated the
    // sender), never the From header a client can write itself. Unasserted messages are dropped.
    const from = assertedUser(message.request);
    if (from && body.length <= MAX_BODY) this.emit('message', from, body, (message.request.getHeader('Content-Type') ?? '').slice(0, 100));
  }

  /** Sends a SIP MESSAGE (the escalation notice to the team lead). */
  async send(target: string, body: string, contentType = 'application/json'): Promise<void> {
    const uri = dialTarget(target, this.account);
    if (!uri) throw new PhoneError('phoneInvalidNumber', 'Not a SIP address to message');
    // Delivered means answered 2xx by the other side, not merely sent (an offline lead gets 404/480).
    await new Promise<void>((resolve, reject) => {
      new Messager(this.ua, uri, body, contentType)
        .message({
          requestDelegate: {
            onAccept: () => {
              resolve();
            },
            onReject: (response) => {
              reject(new PhoneError('phoneOffline', `The message was not delivered (${response.message.statusCode})`));
            },
          },
        })
        .catch(reject);
    });
  }
}
