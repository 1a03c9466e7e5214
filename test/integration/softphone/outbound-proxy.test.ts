// An outbound proxy in the account becomes a pre-loaded Route on every request the phone sends.
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { Softphone } from '../../../electron/softphone/softphone';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import { waitFor } from '../../rig/rig';
import { messageText } from '../../ws-text';

const servers: WebSocketServer[] = [];
afterAll(() => {
  servers.forEach((s) => {
    s.close();
  });
});

describe('outbound proxy', () => {
  it('routes the REGISTER through the configured proxy', async () => {
    const received: string[] = [];
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
    servers.push(wss);
    wss.on('connection', (ws) => ws.on('message', (d) => received.push(messageText(d))));
    await new Promise<void>((r) =>
      wss.once('listening', () => {
        r();
      }),
    );
    const port = (wss.address() as { port: number }).port;
    const phone = new Softphone({
      account: SipAccountSchema.parse({
        uri: 'sip:alice@pbx.example.org',
        authUser: 'alice',
        password: 'x',
        server: `ws://127.0.0.1:${port}`,
        outboundProxy: 'sip:edge.example.org:5060',
      }),
      createMedia: () => new NodeRtpSessionDescriptionHandler(),
      webSocket: WebSocket,
    });
    await phone.start();
    await waitFor(() => received.some((m) => m.startsWith('REGISTER ')), 'a REGISTER');
    expect(received.find((m) => m.startsWith('REGISTER '))).toMatch(/^Route: <sip:edge\.example\.org:5060;lr>\r?$/m);
    await phone.stop();
  });
});
