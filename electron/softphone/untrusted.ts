/**
 * Caller-supplied strings (display names, user parts, header values) are untrusted: control and
 * bidirectional-override characters are removed, whitespace folded, length limited. The renderer
 * shows the result as text only.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function cleanUntrusted(value: unknown, maxLength: number): string {
  if (typeof value !== 'string') return '';
  return value.replace(CONTROL, '').replace(/\s+/g, ' ').trim().slice(0, maxLength);
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

/** The far end's software as it names itself (User-Agent, or Server in a response), length-limited. */
export function agentOf(message: WithHeaders): string | undefined {
  return (message.getHeader('User-Agent') ?? message.getHeader('Server'))?.slice(0, 300);
}
