/**
 * The one way the renderer reaches the main process: Electron's preload (`window.carefront`) when
 * running in Electron, the WebSocket bridge in a browser. Both speak the same typed contract.
 */
import type { ArgsOf, CarefrontApi, ChannelName, InvokeResult } from '../../../shared/ipc/contract';
import { createBridgeClient, takeBridgeToken } from './bridge-client';

declare global {
  interface Window {
    carefront?: CarefrontApi;
  }
}

function pickTransport(): CarefrontApi | null {
  if (window.carefront) return window.carefront;
  const token = takeBridgeToken();
  return token ? createBridgeClient(token) : null;
}

const transport = pickTransport();

export const hasTransport = transport !== null;

export function invoke<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<InvokeResult<C>> {
  if (!transport) {
    return Promise.resolve({ ok: false, error: { code: 'internal', message: 'No connection to Carefront (open the link the app printed)' } });
  }
  return transport.invoke(channel, args);
}

export const onEvent: CarefrontApi['on'] = (event, listener) => (transport ? transport.on(event, listener) : () => undefined);
