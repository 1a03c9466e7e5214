/**
 * The WebSocket bridge: the same contract as Electron's preload, for a browser page on loopback.
 * Used to run Carefront in a browser during development and to drive the real renderer from the
 * end-to-end tests. It binds to 127.0.0.1 only, checks Host and Origin (no DNS rebinding, no other
 * local page), and requires a per-run secret token that only the URL it prints carries.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Dispatch } from './dispatch';
import type { EventBus } from './event-bus';
import { contentSecurityPolicy, SECURITY_HEADERS } from './csp';
import { readStatic } from './static-files';
import { safeLog } from './safe-log';
import { parseBridgeRequest, type BridgeResponse } from '../../shared/ipc/bridge-protocol';

export interface BridgeOptions {
  dispatch: Dispatch;
  bus: EventBus;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /** A client's connection closed (it no longer owns anything, e.g. the calls' media). */
  onDisconnect?: (clientId: string) => void;
}

let clients = 0;

export interface RunningBridge {
  port: number;
  token: string;
  /** The URL to open: it carries the token in the fragment, which is never sent to a server. */
  url: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1 << 20;

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server = http.createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = readStatic(options.staticDir, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found (did the renderer build run?)');
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
      'Cache-Control': 'no-store',
      ...SECURITY_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const host = req.headers.host ?? '';
    const origin = req.headers.origin ?? '';
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const authorised =
      url.pathname === '/bridge' &&
      allowedHosts().has(host) &&
      (origin === `http://${host}` || origin === '') &&
      given.length === tokenBytes.length &&
      crypto.timingSafeEqual(given, tokenBytes);
    if (!authorised) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveClient(ws, options);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function serveClient(ws: WebSocket, options: BridgeOptions): void {
  const send = (message: BridgeResponse) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const caller = { clientId: `bridge-${++clients}` };
  const unsubscribe = options.bus.subscribe((event, payload) => {
    send({ kind: 'event', event, payload });
  }, caller.clientId);
  ws.on('close', () => {
    unsubscribe();
    options.onDisconnect?.(caller.clientId);
  });
  ws.on('error', (err) => {
    safeLog.warn('bridge client error', err);
  });
  ws.on('message', (data, isBinary) => {
    const request = isBinary ? null : parseBridgeRequest(textOf(data));
    if (!request) {
      send({ kind: 'result', id: null, result: { ok: false, error: { code: 'invalidArgument', message: 'Malformed bridge message' } } });
      return;
    }
    // dispatch answers a failing handler with an error result; should it ever reject, the page still gets an
    // answer and the rejection does not go unhandled (which would end the process).
    options.dispatch(request.channel, request.args, caller).then(
      (result) => {
        send({ kind: 'result', id: request.id, result });
      },
      () => {
        send({ kind: 'result', id: request.id, result: { ok: false, error: { code: 'internal', message: 'Something went wrong' } } });
      },
    );
  });
}

/** A text message's UTF-8 text, whichever of its forms the socket delivered it in. */
function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}
