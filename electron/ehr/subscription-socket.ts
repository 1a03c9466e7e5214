/**
 * One websocket bound to one Subscription (a HAPI FHIR websocket session carries exactly one binding: a second
 * `bind` is refused). `SubscriptionSocket.bind()` connects (the desk's Authorization header on the upgrade, no
 * redirects, no compression, frames above `maxPayloadBytes` refused by `ws` itself), sends `bind <id>` and
 * resolves once the server answers `bound <id>`, or rejects with a coded error. Once bound, `ping <id>` calls
 * `onPing`; every other message is counted through `onIgnored` and otherwise ignored; a websocket ping every
 * `heartbeatMs` must be answered before the next one, or the connection counts as lost. When the connection ends
 * (closed, lost, `error` from the server) `onLost` is called once with the code; `close()` ends it quietly.
 */
import { WebSocket } from 'ws';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { CodedError, type ErrorCode } from '../../shared/errors';
import { parseSocketMessage, type InvalidReason, type RawMessage } from './subscription-message';

export interface SubscriptionSocketOptions {
  url: string;
  subscriptionId: string;
  /** The Authorization header value for the upgrade request, or null for none. */
  authorization: string | null;
  /** For connecting and binding together. */
  bindTimeoutMs: number;
  heartbeatMs: number;
  /** The largest frame `ws` accepts; a bigger one ends the connection. */
  maxPayloadBytes: number;
  onPing: () => void;
  onIgnored: (reason: InvalidReason | 'unexpected') => void;
  onLost: (code: ErrorCode) => void;
}

type State = 'binding' | 'bound' | 'closed';

export class SubscriptionSocket {
  private state: State = 'binding';
  private bindTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private answered = true;
  private settleBind: { resolve: () => void; reject: (err: CodedError) => void } | undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly o: SubscriptionSocketOptions,
  ) {}

  /** Connects and binds; resolves with the bound socket, or rejects with a CodedError. */
  static bind(o: SubscriptionSocketOptions): Promise<SubscriptionSocket> {
    const headers: Record<string, string> = {};
    if (o.authorization !== null) headers.Authorization = o.authorization;
    const ws = new WebSocket(o.url, {
      headers,
      handshakeTimeout: o.bindTimeoutMs,
      maxPayload: o.maxPayloadBytes,
      perMessageDeflate: false,
      followRedirects: false,
    });
    const socket = new SubscriptionSocket(ws, o);
    return new Promise<SubscriptionSocket>((resolve, reject) => {
      socket.settleBind = {
        resolve: () => {
          resolve(socket);
        },
        reject,
      };
      socket.listen();
    });
  }

  get bound(): boolean {
    return this.state === 'bound';
  }

  /** Ends the connection without reporting it as lost. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    this.settleBind?.reject(new CodedError('ehrUnreachable', 'the subscription websocket was closed before it was bound'));
    this.settleBind = undefined;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    else this.ws.terminate();
  }

  private listen(): void {
    const { ws, o } = this;
    this.bindTimer = setTimeout(() => {
      this.fail('ehrUnreachable', `no binding within ${o.bindTimeoutMs} ms`);
    }, o.bindTimeoutMs);
    ws.on('unexpected-response', (req: ClientRequest, res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      res.resume();
      req.destroy();
      this.fail(status === 401 || status === 403 ? 'ehrUnauthorized' : 'ehrRefused', `the websocket upgrade was answered with HTTP ${status}`);
    });
    ws.on('open', () => {
      ws.send(`bind ${o.subscriptionId}`);
    });
    ws.on('message', (data: RawMessage, isBinary: boolean) => {
      this.onMessage(data, isBinary);
    });
    ws.on('pong', () => (this.answered = true));
    ws.on('error', (err: Error & { code?: unknown }) => {
      const wsCode = typeof err.code === 'string' ? err.code : '';
      // WS_ERR_* are protocol faults on the server's side (oversized or malformed frames); the rest are network errors.
      if (wsCode.startsWith('WS_ERR_')) this.fail('ehrBadResponse', `the websocket broke the protocol (${wsCode})`);
      else this.fail('ehrUnreachable', `the websocket could not be reached${/^E[A-Z_]{2,30}$/.test(wsCode) ? ` (${wsCode})` : ''}`);
    });
    ws.on('close', (code: number) => {
      if (code === 1009) this.fail('ehrBadResponse', 'the server sent a websocket message above the size limit');
      else if (this.state === 'binding' && (code === 1002 || code === 1008)) this.fail('ehrRefused', `the server refused the binding (close ${code})`);
      else this.fail('ehrUnreachable', `the websocket closed (${code})`);
    });
  }

  private onMessage(data: RawMessage, isBinary: boolean): void {
    if (this.state === 'closed') return;
    const message = parseSocketMessage(data, isBinary);
    if (message.kind === 'invalid') {
      this.o.onIgnored(message.reason);
      return;
    }
    if (message.kind === 'error') {
      this.fail('ehrRefused', 'the server reported an error on the subscription websocket');
      return;
    }
    if (message.id !== this.o.subscriptionId) {
      this.o.onIgnored('unexpected');
      return;
    }
    if (message.kind === 'bound' && this.state === 'binding') {
      this.onBound();
      return;
    }
    if (message.kind === 'ping' && this.state === 'bound') {
      this.o.onPing();
      return;
    }
    this.o.onIgnored('unexpected');
  }

  private onBound(): void {
    this.state = 'bound';
    clearTimeout(this.bindTimer);
    this.settleBind?.resolve();
    this.settleBind = undefined;
    this.heartbeat = setInterval(() => {
      if (!this.answered) {
        this.fail('ehrUnreachable', `no answer to a websocket ping within ${this.o.heartbeatMs} ms`);
        return;
      }
      this.answered = false;
      this.ws.ping();
    }, this.o.heartbeatMs);
  }

  private fail(code: ErrorCode, message: string): void {
    if (this.state === 'closed') return;
    const wasBound = this.state === 'bound';
    this.state = 'closed';
    this.clearTimers();
    this.ws.terminate();
    if (wasBound) {
      this.o.onLost(code);
    } else {
      this.settleBind?.reject(new CodedError(code, `subscription websocket: ${message}`));
      this.settleBind = undefined;
    }
  }

  private clearTimers(): void {
    clearTimeout(this.bindTimer);
    clearInterval(this.heartbeat);
  }
}
