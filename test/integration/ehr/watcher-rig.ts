/**
 * For the subscription watcher tests: a record of the watcher's `onChange` calls that a test can wait on
 * (bounded), a wait for a status, and a small websocket peer on loopback that speaks the subscription protocol
 * with a script of its own (for the hostile-peer tests; the REST side stays the real FHIR server).
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SubscriptionWatcher, SubscriptionWatcherStatus, WatchedChange } from '../../../electron/ehr/subscription-watcher';
import { messageText } from '../../ws-text';

export interface RecordedChange extends WatchedChange {
  /** performance.now() when onChange was called. */
  at: number;
}

export class ChangeLog {
  readonly changes: RecordedChange[] = [];
  private waiters: (() => void)[] = [];

  readonly onChange = (change: WatchedChange): void => {
    this.changes.push({ ...change, at: performance.now() });
    for (const wake of this.waiters.splice(0)) wake();
  };

  /** The first change after the first `after` changes that satisfies `test`, within `timeoutMs`. */
  async find(after: number, test: (change: RecordedChange) => boolean, timeoutMs: number): Promise<RecordedChange> {
    const deadline = Date.now() + timeoutMs;
    for (let i = after; ; i++) {
      const change = await this.next(i, Math.max(1, deadline - Date.now()));
      if (test(change)) return change;
    }
  }

  /** The first change recorded after the first `after` changes, within `timeoutMs`. */
  async next(after: number, timeoutMs: number): Promise<RecordedChange> {
    const deadline = Date.now() + timeoutMs;
    while (this.changes.length <= after) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no onChange within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.changes[after] as RecordedChange;
  }
}

/** Resolves with the first status that satisfies `test` (the current one included), within `timeoutMs`. */
export function statusWhere(
  watcher: SubscriptionWatcher,
  test: (s: SubscriptionWatcherStatus) => boolean,
  timeoutMs: number,
): Promise<SubscriptionWatcherStatus> {
  return new Promise((resolve, reject) => {
    if (test(watcher.status())) {
      resolve(watcher.status());
      return;
    }
    const timer = setTimeout(() => {
      off();
      reject(new Error(`the watcher did not reach the expected status within ${timeoutMs} ms (now ${JSON.stringify(watcher.status())})`));
    }, timeoutMs);
    const off = watcher.onStatus((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

export interface PeerConnection {
  socket: WebSocket;
  headers: IncomingHttpHeaders;
  /** The id the client asked to bind. */
  boundId: Promise<string>;
}

/**
 * A websocket peer on 127.0.0.1: `accept` decides whether an upgrade is let in (by its headers); for each
 * connection, `onBind(socket, id)` decides what to send when the client sends `bind <id>`. Connections are kept in order for the test to drive.
 */
export async function startPeer(
  onBind: (socket: WebSocket, id: string) => void,
  /** Whether to accept an upgrade request with these headers (refused with 401 otherwise). Default: all. */
  accept: (headers: IncomingHttpHeaders) => boolean = () => true,
): Promise<{ url: string; connections: PeerConnection[]; close: () => Promise<void> }> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/websocket',
    verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, status?: number) => void) => {
      done(accept(info.req.headers), 401);
    },
  });
  await new Promise<void>((resolve) =>
    server.once('listening', () => {
      resolve();
    }),
  );
  const connections: PeerConnection[] = [];
  server.on('connection', (socket, req) => {
    const boundId = new Promise<string>((resolve) => {
      socket.on('message', (data) => {
        const match = /^bind ([A-Za-z0-9\-.]{1,64})$/.exec(messageText(data));
        if (!match?.[1]) return;
        resolve(match[1]);
        onBind(socket, match[1]);
      });
    });
    socket.on('error', () => undefined);
    connections.push({ socket, headers: req.headers, boundId });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/websocket`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => {
          resolve();
        });
      }),
  };
}
