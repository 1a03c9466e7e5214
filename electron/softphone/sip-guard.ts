/**
 * A validating pre-parser at the transport boundary: every SIP message from the network is screened
 * here before sip.js sees it. sip.js drops many malformed requests without a word, answers some of
 * them 200, answers unknown methods 405, throws on an unknown Request-URI scheme and rings the agent
 * for INVITEs it should refuse. Here, a request that is not what RFC 3261 allows gets the answer the
 * RFC (and its torture tests, RFC 4475 / RFC 5118) expects, built from its own headers and sent
 * statelessly: 400, 505, 501, 416, 420, 415, 406. Everything else goes on to sip.js unchanged, except
 * octets beyond Content-Length (discarded, RFC 3261 18.3) and an IPv6 reference with one colon too
 * many in the Request-URI (tolerated, RFC 5118 4.10). Responses are never answered; one with an
 * impossible status line is dropped. Nothing from the message is logged.
 */
import crypto from 'node:crypto';
import { must } from '../../shared/must';
import { withoutChars } from './untrusted';

export interface GuardVerdict {
  /** The message to hand to sip.js, or null when it must not get there. */
  deliver: string | null;
  /** The response to send back, if any. */
  reply: string | null;
  /** Why the message was refused or dropped (a fixed phrase, never message content). */
  reason: string | null;
}

/** The methods sip.js's core handles (its Allow header); REGISTER it answers 405 itself. */
export const ALLOWED_METHODS = ['ACK', 'BYE', 'CANCEL', 'INFO', 'INVITE', 'MESSAGE', 'NOTIFY', 'OPTIONS', 'PRACK', 'REFER', 'REGISTER', 'SUBSCRIBE'];
/** Methods of the SIP standards: a known method we do not handle is sip.js's 405, an unknown one 501. */
const KNOWN_METHODS = new Set([...ALLOWED_METHODS, 'PUBLISH', 'UPDATE']);
/** Option tags a request may Require of us (sip.js's Supported, and Replaces, which the softphone handles). */
const SUPPORTED = new Set(['outbound', 'replaces']);
const COMPACT: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  e: 'content-encoding',
  s: 'subject',
  k: 'supported',
  o: 'event',
  r: 'refer-to',
  u: 'allow-events',
  b: 'referred-by',
  x: 'session-expires',
};
/** Header fields that may appear once only (RFC 3261 7.3.1). */
const SINGLE = ['from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-length', 'content-type'];
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const MAX_HEADER_VALUE = 2048;

interface Header {
  name: string;
  value: string;
}

const pass = (message: string): GuardVerdict => ({ deliver: message, reply: null, reason: null });
const drop = (reason: string): GuardVerdict => ({ deliver: null, reply: null, reason });

/**
 * Screens one message as received (one WebSocket message). `parses` tells whether sip.js's own
 * parser accepts the message: a request it cannot parse is answered 400 here instead of silence.
 */
export function screenSipMessage(raw: string, parses: (message: string) => boolean): GuardVerdict {
  const firstEol = raw.indexOf('\r\n');
  if (firstEol < 0) return drop('no start line');
  const startLine = raw.slice(0, firstEol);
  if (startLine.startsWith('SIP/')) {
    // A response: never answered. An impossible status line (RFC 4475 3.1.2.19) is dropped here.
    return /^SIP\/2\.0 [1-6]\d\d(?: |$)/.test(startLine) ? pass(raw) : drop('bad status line');
  }

  const headEnd = raw.indexOf('\r\n\r\n');
  const headText = headEnd < 0 ? raw.slice(firstEol + 2) : raw.slice(firstEol + 2, headEnd);
  const receivedBody = headEnd < 0 ? '' : raw.slice(headEnd + 4);
  let body = receivedBody;
  const headers: Header[] = [];
  let badLine = false;
  // Unfold continuation lines (RFC 3261 7.3.1), then one header field per line.
  for (const line of headText.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    if (!line) continue;
    const [, rawName, value] = /^([!-9;-~]+)[ \t]*:[ \t]*(.*)$/.exec(line) ?? [];
    if (rawName === undefined || value === undefined || !TOKEN.test(rawName)) {
      badLine = true;
      continue;
    }
    const name = rawName.toLowerCase();
    headers.push({ name: COMPACT[name] ?? name, value: value.trim() });
  }
  const all = (name: string) => headers.filter((h) => h.name === name);
  const one = (name: string) => all(name)[0]?.value;

  const topVia = all('via')[0];
  if (!topVia) return drop('no Via to answer to');
  const requestLine = /^([^ \t]+) ([^ \t]+) (SIP\/\d+\.\d+)$/.exec(startLine);
  const method = requestLine?.[1] ?? /^([^ \t]+)/.exec(startLine)?.[1] ?? '';
  // Never answer an ACK (RFC 3261 17.2.1): a bad one is dropped.
  const refuse = (status: number, phrase: string, extra: string[] = []): GuardVerdict =>
    method === 'ACK' ? drop(phrase) : { deliver: null, reply: response(status, phrase, headers, extra), reason: phrase };

  if (!requestLine) {
    const version = / (SIP\/\d+\.\d+)[ \t]*$/.exec(startLine)?.[1];
    if (version && version !== 'SIP/2.0') return refuse(505, 'Version Not Supported');
    return refuse(400, 'Bad Request Line');
  }
  const [, , uri, version] = requestLine as unknown as [string, string, string, string];
  if (version !== 'SIP/2.0') return refuse(505, 'Version Not Supported');
  if (!TOKEN.test(method)) return refuse(400, 'Bad Method');
  if (badLine) return refuse(400, 'Malformed Header Field');
  for (const name of ['from', 'to', 'call-id', 'cseq']) if (!one(name)) return refuse(400, `Missing ${name}`);
  for (const name of SINGLE) if (all(name).length > 1) return refuse(400, `Several ${name} Header Fields`);

  const cseq = /^(\d{1,10})[ \t]+([^ \t]+)$/.exec(must(one('cseq'), 'a CSeq (checked above)'));
  if (!cseq || Number(cseq[1]) > 2 ** 31 - 1) return refuse(400, 'Bad CSeq');
  const maxForwards = one('max-forwards');
  if (maxForwards !== undefined && (!/^\d{1,10}$/.test(maxForwards) || Number(maxForwards) > 255)) return refuse(400, 'Bad Max-Forwards');
  const contentLength = one('content-length');
  if (contentLength !== undefined) {
    if (!/^\d{1,10}$/.test(contentLength)) return refuse(400, 'Bad Content-Length');
    const bytes = Buffer.from(body, 'utf8');
    const declared = Number(contentLength);
    if (bytes.length < declared) return refuse(400, 'Body Shorter Than Content-Length');
    // A datagram-like transport (one WebSocket message) discards what follows the body (RFC 3261 18.3).
    if (bytes.length > declared) body = bytes.subarray(0, declared).toString('utf8');
  }
  if (!KNOWN_METHODS.has(method)) return refuse(501, 'Not Implemented', [`Allow: ${ALLOWED_METHODS.join(', ')}`]);
  if (cseq[2] !== method) return refuse(400, 'CSeq Method Does Not Match');
  // A branch that is only the magic cookie identifies no transaction (RFC 4475 3.2.1).
  if (/;[ \t]*branch[ \t]*=[ \t]*z9hG4bK[ \t]*(?:[;,]|$)/i.test(topVia.value)) return refuse(400, 'Missing Transaction Identifier');

  // The Request-URI: a scheme; sip/sips only; no headers in it; IPv6 references in brackets.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (!scheme) return refuse(400, 'Bad Request-URI');
  if (scheme !== 'sip' && scheme !== 'sips') return refuse(416, 'Unsupported URI Scheme');
  if (uri.includes('?')) return refuse(400, 'Headers In Request-URI');
  const hostPart = uri.slice(scheme.length + 1).replace(/^[^@]*@/, '');
  if (!hostPart.startsWith('[') && (beforeFirst(hostPart, ';').match(/:/g)?.length ?? 0) > 1) return refuse(400, 'IPv6 Reference Without Brackets');
  // RFC 5118 4.10: an IPv6 reference with one colon too many ("[2001:db8:::192.0.2.1]") must be tolerated.
  const tolerate = (text: string) => text.replace(/\[([0-9A-Fa-f:.]*?[0-9A-Fa-f.]):::([0-9A-Fa-f][0-9A-Fa-f:.]*)\]/g, '[$1::$2]');
  let deliveredHead = tolerate(headText);
  // RFC 4475 3.4.1: an RFC 2543 client (no branch cookie) may send an INVITE without Contact; its
  // requests then go to the From address (RFC 2543 6.13). sip.js needs a Contact: use the From URI.
  if (method === 'INVITE' && !one('contact') && !/branch[ \t]*=[ \t]*z9hG4bK/i.test(topVia.value)) {
    const from = must(one('from'), 'a From (checked above)');
    const fromUri = /<([^>]+)>/.exec(from)?.[1] ?? /^(sips?:[^;\s>]+)/i.exec(from)?.[1];
    if (fromUri) deliveredHead += `\r\nContact: <${fromUri}>`;
  }
  const tolerantUri = tolerate(uri);
  const changed = tolerantUri !== uri || deliveredHead !== headText || body !== receivedBody;
  const delivered = changed ? `${method} ${tolerantUri} ${version}\r\n${deliveredHead}\r\n\r\n${body}` : raw;
  if (!safeParses(parses, delivered)) return refuse(400, 'Bad Request');

  if (method !== 'ACK' && method !== 'CANCEL') {
    const required = all('require')
      .flatMap((h) => h.value.split(','))
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    const unsupported = required.filter((t) => !SUPPORTED.has(t));
    if (unsupported.length) return refuse(420, 'Bad Extension', [`Unsupported: ${unsupported.join(', ').slice(0, 500)}`]);
  }
  if (method === 'INVITE') {
    const type = beforeFirst(one('content-type') ?? '', ';')
      .trim()
      .toLowerCase();
    if (body.length > 0 && type !== 'application/sdp') return refuse(415, 'Unsupported Media Type', ['Accept: application/sdp']);
    const encoding = one('content-encoding');
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return refuse(415, 'Unsupported Media Type', ['Accept-Encoding: identity']);
    const accept = all('accept');
    if (accept.length > 0) {
      const types = accept.flatMap((h) => h.value.split(',')).map((t) => beforeFirst(t, ';').trim().toLowerCase());
      if (!types.some((t) => t === 'application/sdp' || t === 'application/*' || t === '*/*')) {
        return refuse(406, 'Not Acceptable', ['Warning: 399 carefront "Our answer would be application/sdp, which the Accept header does not allow"']);
      }
    }
  }
  return pass(delivered);
}

function safeParses(parses: (m: string) => boolean, message: string): boolean {
  try {
    return parses(message);
  } catch {
    return false;
  }
}

/** The text before the first `separator`, or all of it. */
function beforeFirst(text: string, separator: string): string {
  const at = text.indexOf(separator);
  return at < 0 ? text : text.slice(0, at);
}

/** Control characters but the horizontal tab, and DEL: never copied into a response's header. */
function isControlButTab(code: number): boolean {
  return (code <= 0x1f && code !== 0x09) || code === 0x7f;
}

/** A stateless response from the request's own Via, From, To, Call-ID and CSeq (RFC 3261 8.2.6). */
function response(status: number, phrase: string, headers: Header[], extra: string[]): string {
  const clean = (v: string) => withoutChars(v, isControlButTab).slice(0, MAX_HEADER_VALUE);
  const first = (name: string) => headers.find((h) => h.name === name)?.value;
  const lines = [`SIP/2.0 ${status} ${phrase}`];
  for (const via of headers.filter((h) => h.name === 'via')) lines.push(`Via: ${clean(via.value)}`);
  const from = first('from');
  if (from !== undefined) lines.push(`From: ${clean(from)}`);
  const to = first('to');
  if (to !== undefined) lines.push(`To: ${clean(to)}${/;\s*tag=/i.test(to) ? '' : `;tag=${crypto.randomBytes(6).toString('hex')}`}`);
  const callId = first('call-id');
  if (callId !== undefined) lines.push(`Call-ID: ${clean(callId)}`);
  const cseq = first('cseq');
  if (cseq !== undefined) lines.push(`CSeq: ${clean(cseq)}`);
  lines.push(...extra, 'Content-Length: 0', '', '');
  return lines.join('\r\n');
}
