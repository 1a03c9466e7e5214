/**
 * The one door into the main process: validates the channel name and its arguments against the
 * contract, runs the handler, and turns every outcome into data ({ ok, value } | { ok:false, error }).
 * Both transports (Electron IPC and the WebSocket bridge) call this and nothing else.
 */
import { channels, type ChannelName, type InvokeResult, type ParsedArgsOf, type ResultOf } from '../../shared/ipc/contract';
import { CodedError, type CarefrontError } from '../../shared/errors';
import { safeLog } from './safe-log';
import { storeError } from '../cache';

/** Who is calling in: one Electron window or one bridge connection (set by the transport, never by the page). */
export interface Caller {
  clientId: string;
}

export type Handlers = {
  [C in ChannelName]: (args: ParsedArgsOf<C>, caller: Caller) => ResultOf<C> | Promise<ResultOf<C>>;
};

export type Dispatch = (channel: unknown, args: unknown, caller?: Caller) => Promise<InvokeResult<ChannelName>>;

const NO_CLIENT: Caller = { clientId: 'in-process' };

function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel, args, caller = NO_CLIENT) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'unknownChannel', message: `No channel named ${describe(channel)}` } };
    }
    const parsed = channels[channel].args.safeParse(args ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(arguments)', message: i.message }));
      const first = issues[0];
      return {
        ok: false,
        error: {
          code: 'invalidArgument',
          message: `Invalid arguments for ${channel}: ${first ? `${first.path}: ${first.message}` : 'rejected'}`,
          issues,
        },
      };
    }
    try {
      const handler = handlers[channel] as (a: unknown, c: Caller) => unknown;
      const value = await handler(parsed.data, caller);
      return { ok: true, value } as InvokeResult<ChannelName>;
    } catch (err) {
      return { ok: false, error: toCarefrontError(channel, err) };
    }
  };
}

function toCarefrontError(channel: string, err: unknown): CarefrontError {
  if (err instanceof CodedError) return { code: err.code, message: err.message };
  // The store's failures (a full disk, an I/O error) have codes of their own.
  const store = storeError(err);
  if (store) return { code: store.code, message: store.message };
  // Unknown errors may carry data in their message: log only the type and the channel, never the text.
  safeLog.error(`handler for ${channel} failed`, err);
  return { code: 'internal', message: `Something went wrong in ${channel}` };
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return `(a ${typeof value})`;
  return JSON.stringify(value.slice(0, 60));
}
