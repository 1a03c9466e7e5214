/**
 * The contract over the WebSocket bridge (browser mode). The page gets the per-run token from the URL
 * fragment printed by the bridge, keeps it for this tab only (sessionStorage) and removes it from the
 * address bar. Calls made while the socket is (re)connecting wait for it.
 */
import type { CarefrontApi, ChannelName, EventName, Events, InvokeResult } from '../../../shared/ipc/contract';
import type { BridgeResponse } from '../../../shared/ipc/bridge-protocol';

const TOKEN_KEY = 'carefront.bridgeToken';

export function takeBridgeToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]{16,128})/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

type Pending = { resolve: (r: InvokeResult<ChannelName>) => void };

export function createBridgeClient(token: string): CarefrontApi {
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  const connect = (): Promise<WebSocket> => {
    if (ready) return ready;
    ready = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://${window.location.host}/bridge?token=${encodeURIComponent(token)}`);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => {
        reject(new Error('bridge unreachable'));
      };
      ws.onclose = () => {
        socket = null;
        ready = null;
        for (const [id, p] of pending) {
          p.resolve({ ok: false, error: { code: 'internal', message: 'Connection to Carefront was lost' } });
          pending.delete(id);
        }
        // Keep pushed events flowing: reconnect after a short pause.
        setTimeout(() => void connect().catch(() => undefined), 1000);
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as BridgeResponse;
        if (data.kind === 'event') {
          for (const l of listeners.get(data.event as EventName) ?? []) (l as (p: unknown) => void)(data.payload);
        } else if (data.id !== null) {
          pending.get(data.id)?.resolve(data.result as InvokeResult<ChannelName>);
          pending.delete(data.id);
        }
      };
    });
    return ready;
  };
  void connect().catch(() => undefined);

  return {
    async invoke<C extends ChannelName>(channel: C, args: unknown): Promise<InvokeResult<C>> {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return { ok: false, error: { code: 'internal', message: 'Carefront is not reachable' } };
      }
      const id = nextId++;
      return new Promise<InvokeResult<C>>((resolve) => {
        pending.set(id, { resolve: resolve });
        ws.send(JSON.stringify({ kind: 'invoke', id, channel, args }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
