/**
 * The main-process end of the media bridge: sends media.request events to the renderer and waits for
 * its media.respond. The first renderer to answer a request wins; a request nobody answers in 15 s
 * fails (no renderer open, or no microphone permission), which fails the call cleanly.
 */
import type { MediaOp, MediaPort } from '../../softphone/media-bridge-sdh';
import type { EventBus } from '../event-bus';

interface Pending {
  resolve: (r: { sdp?: string }) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class RendererMediaPort implements MediaPort {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly bus: EventBus,
    private readonly timeoutMs = 15_000,
  ) {}

  request(callId: string, op: MediaOp): Promise<{ sdp?: string }> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error('no renderer answered the media request'));
      }, op.op === 'close' || op.op === 'dtmf' || op.op === 'mute' ? 2000 : this.timeoutMs);
      timer.unref();
      this.pending.set(requestId, { resolve, reject, timer });
      this.bus.emit('media.request', { requestId, callId, ...op });
    });
  }

  respond(requestId: number, ok: boolean, sdp?: string, error?: string): void {
    const p = this.pending.get(requestId);
    if (!p) return; // already answered by another window, or timed out
    if (!ok) {
      // Another window may still succeed: give it a moment before failing the call.
      clearTimeout(p.timer);
      p.timer = setTimeout(() => {
        this.pending.delete(requestId);
        p.reject(new Error(`renderer media failed: ${error ?? 'unknown'}`));
      }, 1000);
      p.timer.unref();
      return;
    }
    this.pending.delete(requestId);
    clearTimeout(p.timer);
    p.resolve(sdp === undefined ? {} : { sdp });
  }
}
