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
