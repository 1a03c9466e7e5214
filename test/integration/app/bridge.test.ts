// The WebSocket bridge with the real main-process services on a real encrypted store in a temp dir:
// loopback only, token + Host + Origin checks, contract round trips, validation, pushed events.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type RunningBridge } from '../../../electron/main/bridge';
import { createDispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import type { CarefrontError } from '../../../shared/errors';
import type { BridgeResponse } from '../../../shared/ipc/bridge-protocol';
import type { AgentStatus } from '../../../shared/domain/agent';
import type { AppInfo } from '../../../shared/ipc/contract';
import { ifSetUp } from '../../if-set-up';
import { messageText } from '../../ws-text';

let dir: string;
let services: Services;
let bridge: RunningBridge;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-bridge-'));
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  services = await createServices({ dataDir: path.join(dir, 'data'), transport: 'bridge', demoPatients: 50 });
  bridge = await startBridge({ dispatch: createDispatch(buildHandlers(services)), bus: services.bus, staticDir });
});

afterAll(async () => {
  await ifSetUp(bridge, (b) => b.close());
  await ifSetUp(services, (s) => s.close());
  fs.rmSync(dir, { recursive: true, force: true });
});

function get(pathname: string, host = `127.0.0.1:${bridge.port}`): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: bridge.port, path: pathname, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(token: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge?token=${encodeURIComponent(token)}`, origin ? { origin } : {});
    ws.once('open', () => {
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

/** A result as the test reads it: the value when it is ok, the error when not. */
interface Reply {
  ok: boolean;
  value?: unknown;
  error?: CarefrontError;
}

/** A bridge message, in the bridge's own wire format. */
const response = (data: WebSocket.RawData) => JSON.parse(messageText(data)) as BridgeResponse;

function call(ws: WebSocket, id: number, channel: unknown, args: unknown): Promise<Reply> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = response(data);
      if (msg.kind === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ kind: 'invoke', id, channel, args }));
  });
}

describe('bridge', () => {
  it('listens on loopback only', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{40,}$/);
  });

  it('serves the renderer with a strict CSP and refuses other Host headers (DNS rebinding)', async () => {
    const ok = await get('/');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-security-policy']).toContain("script-src 'self'");
    expect(ok.headers['content-security-policy']).toContain("default-src 'none'");
    expect(ok.headers['content-security-policy']).not.toContain('unsafe');
    expect((await get('/', 'evil.example:80')).status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get('/..%2f..%2fdata/settings.json');
    expect(res.body).not.toContain('language');
  });

  it('refuses a WebSocket without the right token or from another origin', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect(`${bridge.token.slice(0, -1)}x`)).rejects.toThrow('HTTP 401');
    await expect(connect(bridge.token, 'http://evil.example')).rejects.toThrow('HTTP 401');
    const ws = await connect(bridge.token, `http://127.0.0.1:${bridge.port}`);
    ws.close();
  });

  it('round-trips a contract call', async () => {
    const ws = await connect(bridge.token);
    const info = await call(ws, 1, 'app.info', {});
    expect(info.ok).toBe(true);
    const value = info.value as AppInfo;
    expect(value.transport).toBe('bridge');
    expect(value.store).toEqual({ kind: 'demo', encrypted: true, patients: 50 });
    expect(value.phone).toEqual({ registration: 'offline', reason: 'notConfigured' });
    ws.close();
  });

  it('rejects invalid arguments and unknown channels with clear errors, and keeps serving', async () => {
    const ws = await connect(bridge.token);
    const bad = await call(ws, 2, 'agent.setState', { state: 'asleep' });
    expect(bad.ok).toBe(false);
    expect(bad.error!.code).toBe('invalidArgument');
    expect(bad.error!.message).toContain('agent.setState');
    expect(bad.error!.issues![0]!.path).toBe('state');
    const extra = await call(ws, 3, 'app.info', { sneaky: true });
    expect(extra.error!.code).toBe('invalidArgument');
    const unknown = await call(ws, 4, 'fs.readFile', { path: '/etc/passwd' });
    expect(unknown.error!.code).toBe('unknownChannel');
    const tooLong = await call(ws, 5, 'patients.lookupByPhone', { phone: '1'.repeat(5000) });
    expect(tooLong.error!.code).toBe('invalidArgument');
    const malformed = await new Promise<BridgeResponse>((resolve) => {
      ws.once('message', (d) => {
        resolve(response(d));
      });
      ws.send('{not json');
    });
    expect(malformed).toMatchObject({ kind: 'result', id: null, result: { ok: false, error: { code: 'invalidArgument' } } });
    expect((await call(ws, 6, 'app.info', {})).ok).toBe(true);
    ws.close();
  });

  it('pushes events to every connected client', async () => {
    const a = await connect(bridge.token);
    const b = await connect(bridge.token);
    const pushed = new Promise<AgentStatus>((resolve) => {
      b.on('message', (d) => {
        const msg = response(d);
        if (msg.kind === 'event' && msg.event === 'agent.status') resolve(msg.payload as AgentStatus);
      });
    });
    // No phone is configured here: "Available" is refused with its code; a break is taken and pushed.
    const refused = await call(a, 7, 'agent.setState', { state: 'available' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'agentNeedsPhone' } });
    const set = await call(a, 8, 'agent.setState', { state: 'break' });
    expect((set.value as AgentStatus).state).toBe('break');
    expect((await pushed).state).toBe('break');
    a.close();
    b.close();
  });
});
