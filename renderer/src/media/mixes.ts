/**
 * Conference and monitoring mixes: a mix only ties call media sessions together. Each leg that is
 * sent something other than its own microphone builds (and later undoes) that graph itself; undoing
 * a mix has every leg leave it. The one AudioContext is opened with the first mix and closed with the
 * last. Nothing is left half-built: a mix that fails while it is being made is undone before the
 * error goes back to main, so main does not report it as working.
 */
import type { MonitorMode } from '../../../shared/domain/monitor';
import { mediaError, type CallMedia, type MixMembership } from './call-media';

let context: AudioContext | null = null;
const live = new Set<Mix>();

class Mix implements MixMembership {
  constructor(private readonly legs: CallMedia[]) {
    live.add(this);
    for (const leg of legs) leg.join(this);
  }

  undo(): void {
    if (!live.delete(this)) return;
    for (const leg of this.legs) leg.leave(this);
    if (live.size === 0 && context) {
      void context.close().catch(() => undefined);
      context = null;
    }
  }

  /** Makes the mix carry audio: `sends` says which sources each leg is sent. Undone on any failure. */
  async build(sends: [CallMedia, MediaStream[]][]): Promise<void> {
    try {
      context ??= new AudioContext();
      const ctx = context;
      for (const [leg, sources] of sends) await leg.send(this, ctx, sources);
      if (ctx.state === 'suspended') await ctx.resume();
    } catch (err) {
      this.undo();
      throw err;
    }
  }
}

/**
 * Conference: the agent's desktop is the mixer. Each leg is sent the agent's microphone plus the
 * other leg's audio, so caller and colleague hear each other; the agent hears both. Both legs must
 * carry media first: a conference with a leg that never connected is refused, not faked.
 */
export async function conference(a: CallMedia | undefined, b: CallMedia | undefined): Promise<void> {
  if (!a || !b) throw mediaError('NoMedia', 'both calls need media to be conferenced');
  a.leaveAllMixes();
  b.leaveAllMixes();
  await Promise.all([a.readyToMix(), b.readyToMix()]);
  const sends: [CallMedia, MediaStream[]][] = [
    [a, [a.microphoneStream, b.remoteAudio()]],
    [b, [b.microphoneStream, a.remoteAudio()]],
  ];
  await new Mix([a, b]).build(sends);
}

/**
 * Monitoring, on the agent's desktop: `lead` is the team lead's leg, `call` the call with the caller.
 * The lead is sent the agent's microphone mixed with the caller; the agent hears the lead only in
 * whisper and barge; the caller is sent the lead's voice only in barge. The caller's
 * RTCPeerConnection is never renegotiated, so nothing is announced to them. A mode change replaces
 * the lead's mix with a new one.
 */
export async function monitor(lead: CallMedia | undefined, call: CallMedia | undefined, mode: MonitorMode): Promise<void> {
  if (!lead || !call) throw mediaError('NoMedia', 'both legs need media to be monitored');
  lead.leaveAllMixes();
  await Promise.all([lead.readyToMix(), call.readyToMix()]);
  const sends: [CallMedia, MediaStream[]][] = [[lead, [call.microphoneStream, call.remoteAudio()]]];
  if (mode === 'barge') sends.push([call, [call.microphoneStream, lead.remoteAudio()]]);
  // Both legs belong to the mix in every mode: either one failing ends the session.
  const mix = new Mix([lead, call]);
  await mix.build(sends);
  lead.mutePlayout(mix, mode === 'listen');
}
