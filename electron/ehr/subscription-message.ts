/**
 * One message from a FHIR R4 subscription websocket, checked. The protocol (HAPI FHIR's, the one R4 servers
 * use): the client sends `bind <subscription id>`, the server answers `bound <id>`, then sends `ping <id>` when a
 * resource the Subscription watches changes, and `error …` when something is wrong. Nothing else is accepted:
 * binary frames, anything longer than MAX_MESSAGE_BYTES, bad UTF-8, control characters and unknown words are
 * `invalid` (the caller counts and ignores them). The text after `error` is never kept: servers echo input there.
 */
export const MAX_MESSAGE_BYTES = 256;

export type InvalidReason = 'binary' | 'tooLong' | 'notText' | 'unknown';

export type SocketMessage = { kind: 'bound'; id: string } | { kind: 'ping'; id: string } | { kind: 'error' } | { kind: 'invalid'; reason: InvalidReason };

const BOUND_OR_PING = /^(bound|ping) ([A-Za-z0-9\-.]{1,64})$/;
const ERROR = /^error(?: [\x20-\x7e]*)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What `ws` hands a 'message' listener. */
export type RawMessage = Buffer | ArrayBuffer | Buffer[];

export function parseSocketMessage(data: RawMessage, isBinary: boolean): SocketMessage {
  if (isBinary) return { kind: 'invalid', reason: 'binary' };
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (bytes.byteLength > MAX_MESSAGE_BYTES) return { kind: 'invalid', reason: 'tooLong' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: 'invalid', reason: 'notText' };
  }
  const match = BOUND_OR_PING.exec(text);
  if (match) return { kind: match[1] as 'bound' | 'ping', id: match[2] as string };
  if (ERROR.test(text)) return { kind: 'error' };
  return { kind: 'invalid', reason: 'unknown' };
}
