// A hostile SIP server: the softphone's WebSocket peer answers REGISTER, then sends malformed SIP
// (garbage, a broken start line, a lying Content-Length, an oversized header, binary frames). The
// user agent must survive all of it, stay registered, and still answer a well-formed request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { Softphone } from '../../../electron/softphone/softphone';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import { waitFor } from '../../rig/rig';
import { ifSetUp } from '../../if-set-up';
import { messageText } from '../../ws-text';

let wss: WebSocketServer;
let peer: WebSocket | null = null;
const received: string[] = [];
let phone: Softphone;

function header(msg: string, name: string): string {
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(msg)?.[1]?.trim() ?? '';
}

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  wss.on('connection', (ws) => {
    peer = ws;
    ws.on('message', (data) => {
      const msg = messageText(data);
      received.push(msg);
      if (msg.startsWith('REGISTER ')) {
        ws.send(
          [
            'SIP/2.0 200 OK',
            `Via: ${header(msg, 'Via')}`,
            `From: ${header(msg, 'From')}`,
            `To: ${header(msg, 'To')};tag=srv1`,
            `Call-ID: ${header(msg, 'Call-ID')}`,
            `CSeq: ${header(msg, 'CSeq')}`,
            `Contact: ${header(msg, 'Contact')};expires=300`,
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n'),
        );
      }
    });
  });
  await new Promise<void>((r) =>
    wss.once('listening', () => {
      r();
    }),
  );
  const port = (wss.address() as { port: number }).port;
  phone = new Softphone({
    account: SipAccountSchema.parse({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: 'x', server: `ws://127.0.0.1:${port}` }),
    createMedia: () => new NodeRtpSessionDescriptionHandler(),
    webSocket: WebSocket,
  });
  await phone.start();
  await waitFor(() => phone.status().registration === 'registered', 'registered');
});

afterAll(async () => {
  await ifSetUp(phone, (p) => p.stop().catch(() => undefined));
  ifSetUp(wss, (w) => {
    w.close();
  });
});

describe('malformed SIP from the server', () => {
  it('survives garbage and still answers a valid request', async () => {
    const ws = peer!;
    const hostile = [
      'this is not SIP at all',
      'INVITE\r\n\r\n',
      'SIP/2.0 999999999999 Whatever\r\nVia: nonsense\r\n\r\n',
      'OPTIONS sip:alice@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bKbad\r\nContent-Length: 99999\r\n\r\nshort',
      `MESSAGE sip:alice@127.0.0.1 SIP/2.0\r\nX-Huge: ${'A'.repeat(200_000)}\r\n\r\n`,
      'SIP/2.0 200 OK\r\nCSeq: notanumber REGISTER\r\nCall-ID: \u0000\u0001\r\n\r\n',
    ];
    for (const m of hostile) ws.send(m);
    ws.send(Buffer.from([0xff, 0x00, 0xfe, 0x01]));
    await new Promise((r) => setTimeout(r, 300));
    expect(phone.status().registration).toBe('registered');
    expect(phone.droppedMessages).toBeGreaterThan(0);

    const before = received.length;
    ws.send(
      [
        'OPTIONS sip:alice@127.0.0.1 SIP/2.0',
        'Via: SIP/2.0/WS 127.0.0.1;branch=z9hG4bKgood1',
        'Max-Forwards: 70',
        'From: <sip:probe@127.0.0.1>;tag=p1',
        'To: <sip:alice@127.0.0.1>',
        'Call-ID: probe-1',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    await waitFor(() => received.slice(before).some((m) => m.startsWith('SIP/2.0 ') && m.includes('probe-1')), 'a response to the valid OPTIONS');
    const reply = received.slice(before).find((m) => m.includes('probe-1'))!;
    expect(reply).toMatch(/^SIP\/2\.0 (200|405|415|481|488) /);
  });
});
