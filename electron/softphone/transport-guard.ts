/**
 * Every SIP message from the network is untrusted. sip.js's parser throws on some malformed input
 * (found by test/integration/softphone/malformed.test.ts), from inside the WebSocket handler: drop
 * oversized messages before parsing and any message the parser chokes on, instead of crashing.
 */
import { Core, type UserAgent } from 'sip.js';
import { screenSipMessage } from './sip-guard';

const MAX_SIP_MESSAGE = 64 * 1024;

export interface TransportGuardCounts {
  /** Messages dropped unanswered, or that made sip.js throw (shown in diagnostics, asserted in tests). */
  dropped: number;
  /** Invalid requests the guard answered itself (400, 505, 501, ...). */
  refused: number;
  /** Messages that passed the guard and still made sip.js throw (caught here; the guard should leave none). */
  threw: number;
}

/** Puts the guard between the user agent's transport and sip.js; returns its live counts. */
export function guardTransport(ua: UserAgent): TransportGuardCounts {
  const counts: TransportGuardCounts = { dropped: 0, refused: 0, threw: 0 };
  const transport = ua.transport;
  const deliver = transport.onMessage;
  // One message per macrotask: several SIP messages read from one TCP chunk are otherwise handled
  // back to back before sip.js's own promise continuations run, and a NOTIFY that follows a
  // subscription's first NOTIFY that closely is lost (its dialog has no delegate yet; measured on
  // the rig with the team-lead board). setImmediate keeps arrival order.
  // Every message is screened first (sip-guard.ts): an invalid request is answered as RFC 3261 and
  // its torture tests expect (400, 505, 501, 416, 420, 415, 406) instead of silence, acceptance or
  // a throw from sip.js; what sip.js's parser cannot read is answered 400 here.
  const parserLogger = ua.getLogger('sip.Parser');
  const parses = (m: string) => Core.Parser.parseMessage(m, parserLogger) !== undefined;
  transport.onMessage = (message: string) => {
    if (typeof message !== 'string' || message.length > MAX_SIP_MESSAGE) {
      counts.dropped++;
      return;
    }
    setImmediate(() => {
      const verdict = screenSipMessage(message, parses);
      if (verdict.reply) {
        counts.refused++;
        transport.send(verdict.reply).catch(() => undefined);
      } else if (verdict.deliver === null) {
        counts.dropped++;
      }
      if (verdict.deliver === null) return;
      try {
        deliver?.(verdict.deliver);
      } catch {
        counts.dropped++;
        counts.threw++;
      }
    });
  };
  return counts;
}
