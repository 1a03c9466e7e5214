/**
 * SIP over WebSocket (RFC 7118) for sip.js, on the WebSocket implementation the host passes in.
 * sip.js's own transport opens its socket through the global `WebSocket`, which would have to be
 * replaced process-wide; here the class is an option. Node callers pass the `ws` package: Node's
 * built-in WebSocket (undici) reports a refused connection with "error" but never "close", which
 * leaves a connection attempt pending forever, while `ws` behaves as a browser does.
 *
 * The contract is sip.js's: Disconnected -> Connecting -> Connected -> Disconnecting -> Disconnected,
 * every change on `stateChange` before the callbacks run; `onConnect` on entering Connected,
 * `onDisconnect` on leaving it (with an error when the connection dropped rather than being closed
 * by us); a connection timeout; CRLF keep-alives (RFC 5626 3.5.1) while connected.
 */
import { EmitterImpl, TransportState, type Emitter, type Transport } from 'sip.js';

/** The part of a WebSocket (browser or `ws`) the transport uses. */
export interface SipWebSocket {
  binaryType: string;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'close', listener: (event: { code: number }) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  send(data: string): void;
  close(code?: number): void;
}

export type SipWebSocketClass = new (url: string, protocols: string) => SipWebSocket;

export interface WebSocketTransportOptions {
  server: string;
  WebSocket: SipWebSocketClass;
  /** Seconds to wait for the socket to open. */
  connectionTimeout: number;
  /** Seconds between keep-alives (0: none). */
  keepAliveInterval: number;
}

interface Pending {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function pending(): Pending {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function readOptions(options: unknown): WebSocketTransportOptions {
  const o = (options ?? {}) as Partial<WebSocketTransportOptions>;
  if (typeof o.WebSocket !== 'function') throw new Error('The SIP transport needs a WebSocket class');
  if (typeof o.server !== 'string' || !/^wss?:\/\/[^\s]+$/i.test(o.server)) throw new Error('Invalid WebSocket Server URL');
  const seconds = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);
  return { server: o.server, WebSocket: o.WebSocket, connectionTimeout: seconds(o.connectionTimeout, 5), keepAliveInterval: seconds(o.keepAliveInterval, 0) };
}

export class WebSocketTransport implements Transport {
  readonly protocol: 'WS' | 'WSS';
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  private readonly options: WebSocketTransportOptions;
  private current: TransportState = TransportState.Disconnected;
  private readonly states = new EmitterImpl<TransportState>();
  /** The socket in use; events of any earlier socket are ignored. */
  private socket: SipWebSocket | null = null;
  /** The socket whose handshake ran out of time (closed by us for that): its close says so. */
  private handshakeTimedOut: SipWebSocket | null = null;
  private connecting: (Pending & { timer: NodeJS.Timeout }) | null = null;
  private disconnecting: Pending | null = null;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  /** Set while a keep-alive awaits the server's CRLF (none is sent meanwhile). */
  private keepAliveDebounce: NodeJS.Timeout | null = null;

  /** sip.js constructs its transport as `new transportConstructor(logger, transportOptions)`. */
  constructor(_logger: unknown, options: unknown) {
    this.options = readOptions(options);
    this.protocol = this.options.server.toLowerCase().startsWith('wss:') ? 'WSS' : 'WS';
  }

  get state(): TransportState {
    return this.current;
  }

  get stateChange(): Emitter<TransportState> {
    return this.states;
  }

  isConnected(): boolean {
    return this.current === TransportState.Connected;
  }

  connect(): Promise<void> {
    if (this.current === TransportState.Connected) return Promise.resolve();
    if (this.current === TransportState.Connecting && this.connecting) return this.connecting.promise;
    const attempt = { ...pending(), timer: undefined as unknown as NodeJS.Timeout };
    this.connecting = attempt;
    this.enter(TransportState.Connecting);
    let socket: SipWebSocket;
    try {
      socket = new this.options.WebSocket(this.options.server, 'sip');
      socket.binaryType = 'arraybuffer';
    } catch (err) {
      this.socket = null;
      this.enter(TransportState.Disconnected, err instanceof Error ? err : new Error('The WebSocket could not be created'));
      return attempt.promise;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (socket === this.socket && this.current === TransportState.Connecting) this.enter(TransportState.Connected);
    });
    socket.addEventListener('close', (event) => {
      this.closed(socket, event.code);
    });
    socket.addEventListener('error', () => undefined); // a close follows
    socket.addEventListener('message', (event) => {
      if (socket === this.socket) this.received(event.data);
    });
    attempt.timer = setTimeout(() => {
      this.handshakeTimedOut = socket;
      socket.close(1000);
    }, this.options.connectionTimeout * 1000);
    return attempt.promise;
  }

  disconnect(): Promise<void> {
    if (this.current === TransportState.Disconnected) return Promise.resolve();
    if (this.current === TransportState.Disconnecting && this.disconnecting) return this.disconnecting.promise;
    const socket = this.socket;
    const closing = pending();
    this.disconnecting = closing;
    this.enter(TransportState.Disconnecting);
    socket?.close(1000);
    return closing.promise;
  }

  dispose(): Promise<void> {
    return this.disconnect();
  }

  send(message: string): Promise<void> {
    if (this.current !== TransportState.Connected || !this.socket) return Promise.reject(new Error('Not connected.'));
    try {
      this.socket.send(message);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error('WebSocket send failed.'));
    }
    return Promise.resolve();
  }

  private closed(socket: SipWebSocket, code: number): void {
    if (socket !== this.socket) return;
    this.socket = null;
    // Closed by us (disconnect) is not an error; anything else is the connection dropping or failing.
    const timedOut = this.handshakeTimedOut === socket;
    this.handshakeTimedOut = null;
    const error =
      this.current === TransportState.Disconnecting
        ? undefined
        : timedOut
          ? new Error(`WebSocket ${this.options.server}: no handshake answer within ${this.options.connectionTimeout} s`)
          : new Error(`WebSocket closed ${this.options.server} (code: ${code})`);
    this.enter(TransportState.Disconnected, error);
  }

  private received(data: unknown): void {
    if (typeof data === 'string' && /^(\r\n)+$/.test(data)) {
      this.clearKeepAliveDebounce(); // the server's answer to our keep-alive
      return;
    }
    let text: string;
    try {
      // A binary frame is read as UTF-8 (binaryType 'arraybuffer'); what cannot be read is dropped.
      text = typeof data === 'string' ? data : new TextDecoder().decode(new Uint8Array(data as ArrayBuffer));
    } catch {
      return;
    }
    if (!text || this.current !== TransportState.Connected) return;
    this.onMessage?.(text);
  }

  private enter(next: TransportState, error?: Error): void {
    const previous = this.current;
    this.current = next;
    const connecting = previous === TransportState.Connecting ? this.connecting : null;
    const disconnecting = previous === TransportState.Disconnecting ? this.disconnecting : null;
    if (connecting) {
      clearTimeout(connecting.timer);
      this.connecting = null;
    }
    if (disconnecting) this.disconnecting = null;
    this.states.emit(next);
    if (next === TransportState.Connected) {
      this.startKeepAlives();
      this.onConnect?.();
    }
    if (previous === TransportState.Connected) {
      this.stopKeepAlives();
      if (error) this.onDisconnect?.(error);
      else this.onDisconnect?.();
    }
    if (connecting) {
      if (next === TransportState.Connected) connecting.resolve();
      else connecting.reject(error ?? new Error('Connect aborted.'));
    }
    if (disconnecting) {
      if (next === TransportState.Disconnected) disconnecting.resolve();
      else disconnecting.reject(new Error('Disconnect aborted.'));
    }
  }

  private startKeepAlives(): void {
    const seconds = this.options.keepAliveInterval;
    if (!seconds || this.keepAliveTimer) return;
    // Between 80 % and 100 % of the interval, so that many phones do not send in step.
    const every = 1000 * seconds * (0.8 + Math.random() * 0.2);
    this.keepAliveTimer = setInterval(() => {
      if (this.keepAliveDebounce) return;
      this.keepAliveDebounce = setTimeout(() => {
        this.clearKeepAliveDebounce();
      }, 10_000);
      this.send('\r\n\r\n').catch(() => undefined);
    }, every);
  }

  private stopKeepAlives(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
    this.clearKeepAliveDebounce();
  }

  private clearKeepAliveDebounce(): void {
    if (this.keepAliveDebounce) clearTimeout(this.keepAliveDebounce);
    this.keepAliveDebounce = null;
  }
}
