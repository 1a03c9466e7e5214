/**
 * The main-process end of the media bridge: sends media.request events to the window that holds the
 * calls' media and waits for its media.respond. One window holds them at a time: the last to claim
 * them (a window claims at start, on reload and on "use this window"); the one that had them is told
 * to let go. With no holder (the holder closed), a request goes to every window and the first to
 * answer becomes the holder. A request nobody answers in 15 s fails (no window open, or no
 * microphone permission), which fails the call cleanly.
 */
import type { MediaOp, MediaPort } from '../../softphone/media-bridge-sdh';
import type { EventBus } from '../event-bus';
import type { MediaFailure } from '../../../shared/ipc/contract';

interface Pending {
  resolve: (r: { sdp?: string }) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class RendererMediaPort implements MediaPort {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private holder: string | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly timeoutMs = 15_000,
  ) {}

  /** The window that holds the calls' media, if any. */
  get owner(): string | null {
    return this.holder;
  }

  /** `clientId` takes the calls' media; the window that had them is told to let go. */
  claim(clientId: string): void {
    const previous = this.holder;
    this.holder = clientId;
    if (previous && previous !== clientId) this.bus.emitTo(previous, 'media.owner', { owner: false });
    this.bus.emitTo(clientId, 'media.owner', { owner: true });
  }

  /** A window closed: if it held the media, nobody does until the next claim or answer. */
  release(clientId: string): void {
    if (this.holder === clientId) this.holder = null;
  }

  request(callId: string, op: MediaOp): Promise<{ sdp?: string }> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.pending.delete(requestId);
          reject(new Error('no renderer answered the media request'));
        },
        op.op === 'close' || op.op === 'dtmf' || op.op === 'mute' || op.op === 'unmix' ? 2000 : this.timeoutMs,
      );
      timer.unref();
      this.pending.set(requestId, { resolve, reject, timer });
      const request = { requestId, callId, ...op };
      if (this.holder) this.bus.emitTo(this.holder, 'media.request', request);
      else this.bus.emit('media.request', request);
    });
  }

  private readonly failureListeners = new Set<(callId: string, reason: MediaFailure) => void>();

  /** Told when the page that holds the media says a call's media failed after it was set up. */
  onFailure(listener: (callId: string, reason: MediaFailure) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /** A page reports a media failure; only the window that holds the calls' media is believed. */
  reportFailure(clientId: string, callId: string, reason: MediaFailure): void {
    if (this.holder !== clientId) return;
    for (const l of this.failureListeners) l(callId, reason);
  }

  respond(clientId: string, requestId: number, ok: boolean, sdp?: string, error?: string): void {
    const p = this.pending.get(requestId);
    if (!p) return; // already answered by another window, or timed out
    if (this.holder && this.holder !== clientId) return; // a window that no longer holds the media
    if (!ok) {
      // With no holder another window may still succeed: give it a moment before failing the call.
      clearTimeout(p.timer);
      p.timer = setTimeout(
        () => {
          this.pending.delete(requestId);
          p.reject(new Error(`renderer media failed: ${error ?? 'unknown'}`));
        },
        this.holder ? 0 : 1000,
      );
      p.timer.unref();
      return;
    }
    if (!this.holder) this.claim(clientId);
    this.pending.delete(requestId);
    clearTimeout(p.timer);
    p.resolve(sdp === undefined ? {} : { sdp });
  }
}
