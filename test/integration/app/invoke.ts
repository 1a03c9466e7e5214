/**
 * A channel called through the real dispatcher, as the page calls it: the arguments are the contract's
 * for that channel and so is the result's type; a refusal throws with its code and message (a test that
 * expects a refusal calls `dispatch` itself and looks at the error).
 */
import type { Dispatch } from '../../../electron/main/dispatch';
import type { ArgsOf, ChannelName, ResultOf } from '../../../shared/ipc/contract';

export async function invoke<C extends ChannelName>(dispatch: Dispatch, channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const r = await dispatch(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
