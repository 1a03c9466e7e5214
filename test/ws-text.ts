import type { RawData } from 'ws';

/** A WebSocket message's text: `ws` hands a message over as a Buffer, an ArrayBuffer or its fragments. */
export function messageText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}
