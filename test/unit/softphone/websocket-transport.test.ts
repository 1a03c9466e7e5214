// The SIP-over-WebSocket transport on the WebSocket class it is given (here `ws`), against a real
// WebSocket server on loopback; and importing the softphone no longer touches the global WebSocket.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportState } from 'sip.js';
import { WebSocket, WebSocketServer } from 'ws';
import { WebSocketTransport } from '../../../electron/softphone/websocket-transport';
import { messageText } from '../../ws-text';

const servers: WebSocketServer[] = [];

async function server(): Promise<{ wss: WebSocketServer; url: string; received: string[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  servers.push(wss);
  await new Promise<void>((r) =>
    wss.once('listening', () => {
      r();
    }),
  );
  const received: string[] = [];
  wss.on('connection', (ws) => ws.on('message', (data) => received.push(messageText(data))));
  return { wss, url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`, received };
}

function transport(url: string, connectionTimeout = 3): { t: WebSocketTransport; states: TransportState[]; events: string[] } {
  const t = new WebSocketTransport(undefined, { server: url, WebSocket, connectionTimeout, keepAliveInterval: 0 });
  const states: TransportState[] = [];
  const events: string[] = [];
  t.stateChange.addListener((s) => states.push(s));
  t.onConnect = () => events.push('connect');
  t.onDisconnect = (error) => events.push(error ? 'dropped' : 'closed');
  t.onMessage = (m) => events.push(`message:${m}`);
  return { t, states, events };
}

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) =>
    s.listen(0, '127.0.0.1', () => {
      r();
    }),
  );
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

afterEach(async () => {
  for (const s of servers.splice(0))
    await new Promise((r) => {
      s.close(r);
    });
});

describe('SIP over WebSocket transport', () => {
  it('importing the softphone leaves the global WebSocket as it was', async () => {
    const before = (globalThis as { WebSocket?: unknown }).WebSocket;
    await import('../../../electron/softphone/softphone');
    expect((globalThis as { WebSocket?: unknown }).WebSocket).toBe(before);
  });

  it('connects with the class it was given, carries messages both ways, reports a dropped connection as an error', async () => {
    const { wss, url, received } = await server();
    const { t, states, events } = transport(url);
    expect(t.protocol).toBe('WS');
    await t.connect();
    expect(t.isConnected()).toBe(true);
    const peer = [...wss.clients][0]!;
    expect(peer.protocol).toBe('sip');
    await t.send('OPTIONS sip:x SIP/2.0\r\n\r\n');
    peer.send('SIP/2.0 200 OK\r\n\r\n');
    peer.send(Buffer.from('NOTIFY sip:x SIP/2.0\r\n\r\n')); // a binary frame is read as UTF-8
    await expect.poll(() => events.length).toBe(3);
    expect(received).toEqual(['OPTIONS sip:x SIP/2.0\r\n\r\n']);
    peer.terminate();
    await expect.poll(() => t.state).toBe(TransportState.Disconnected);
    expect(states).toEqual([TransportState.Connecting, TransportState.Connected, TransportState.Disconnected]);
    expect(events).toEqual(['connect', 'message:SIP/2.0 200 OK\r\n\r\n', 'message:NOTIFY sip:x SIP/2.0\r\n\r\n', 'dropped']);
    await expect(t.send('x')).rejects.toThrow('Not connected.');
  });

  it('closing it is not an error; connecting again opens a new socket', async () => {
    const { wss, url } = await server();
    const { t, states, events } = transport(url);
    await t.connect();
    await t.disconnect();
    expect(events).toEqual(['connect', 'closed']);
    await t.connect();
    expect(wss.clients.size).toBe(1);
    await t.dispose();
    expect(states).toEqual([
      TransportState.Connecting,
      TransportState.Connected,
      TransportState.Disconnecting,
      TransportState.Disconnected,
      TransportState.Connecting,
      TransportState.Connected,
      TransportState.Disconnecting,
      TransportState.Disconnected,
    ]);
  });

  it('a refused connection rejects at once and leaves it disconnected (no attempt left pending)', async () => {
    const { t, states, events } = transport(`ws://127.0.0.1:${await closedPort()}`);
    await expect(t.connect()).rejects.toThrow(/WebSocket closed/);
    expect(states).toEqual([TransportState.Connecting, TransportState.Disconnected]);
    expect(events).toEqual([]);
  });

  it('gives up on a server that accepts the connection but never answers the handshake', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) =>
      silent.listen(0, '127.0.0.1', () => {
        r();
      }),
    );
    try {
      const { t } = transport(`ws://127.0.0.1:${(silent.address() as { port: number }).port}`, 0.3);
      // Its own handshake timeout gave up (0.3 s here), not the socket's or the test's.
      await expect(t.connect()).rejects.toThrow(/no handshake answer within 0\.3 s/);
      expect(t.state).toBe(TransportState.Disconnected);
    } finally {
      silent.close();
    }
  });

  it('refuses options without a WebSocket class or with a server that is not a WebSocket URL', () => {
    expect(() => new WebSocketTransport(undefined, { server: 'ws://127.0.0.1:1' })).toThrow('The SIP transport needs a WebSocket class');
    expect(() => new WebSocketTransport(undefined, { server: 'http://127.0.0.1:1', WebSocket })).toThrow('Invalid WebSocket Server URL');
    expect(new WebSocketTransport(undefined, { server: 'wss://sip.example.org/ws', WebSocket }).protocol).toBe('WSS');
  });
});
