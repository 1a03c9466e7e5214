/**
 * Caller-supplied strings (display names, user parts, header values) are untrusted: control and
 * bidirectional-override characters are removed, whitespace folded, length limited. The renderer
 * shows the result as text only.
 */
import { HANDOFF_SENDER_HEADER } from '../../shared/handoff/handoff';

/** C0 and C1 controls, DEL, zero-width characters, bidirectional overrides and isolates, the byte order mark. */
function isControlOrInvisible(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/** `text` without the UTF-16 code units `drop` picks (by char code: a regex of control characters is easy to misread). */
export function withoutChars(text: string, drop: (code: number) => boolean): string {
  let kept = '';
  for (let i = 0; i < text.length; i++) if (!drop(text.charCodeAt(i))) kept += text.charAt(i);
  return kept;
}

export function cleanUntrusted(value: unknown, maxLength: number): string {
  if (typeof value !== 'string') return '';
  return withoutChars(value, isControlOrInvisible).replace(/\s+/g, ' ').trim().slice(0, maxLength);
}

export const cleanDisplayName = (v: unknown) => cleanUntrusted(v, 80) || null;
export const cleanUser = (v: unknown) => cleanUntrusted(v, 64).replace(/[^A-Za-z0-9+*#._~-]/g, '');

type WithHeaders = { getHeader(name: string): string | undefined };

/**
 * The sender as the SIP server asserts it (RFC 3325 P-Asserted-Identity, added by the server after it
 * authenticated the request), or null when the server asserted nothing. The From header is the
 * client's own claim and is not used for decisions about who someone is.
 */
export function assertedUser(request: WithHeaders): string | null {
  const pai = request.getHeader('P-Asserted-Identity');
  if (!pai || pai.length > 300) return null;
  const m = /<?sips?:([^@>;]+)@/i.exec(pai);
  const user = m ? cleanUser(m[1]) : '';
  return user || null;
}

/** The desk that referred this call with its hand-off, as the SIP server asserts it (X-Carefront-Handoff-Sender), or null. */
export function handoffSender(request: WithHeaders): string | null {
  const sender = request.getHeader(HANDOFF_SENDER_HEADER);
  if (!sender || sender.length > 300) return null;
  const m = /^\s*<sips?:([^@>;]+)@[^>]*>\s*$/i.exec(sender);
  const user = m ? cleanUser(m[1]) : '';
  return user || null;
}

/** The far end's software as it names itself (User-Agent, or Server in a response), length-limited. */
export function agentOf(message: WithHeaders): string | undefined {
  return (message.getHeader('User-Agent') ?? message.getHeader('Server'))?.slice(0, 300);
}
