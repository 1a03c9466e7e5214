/**
 * The app's session description handler: the main process owns signalling, the renderer owns the
 * RTCPeerConnection and the audio devices. Every offer/answer, DTMF and close is forwarded to the
 * renderer through `MediaPort` (the contract's media.request event and media.respond channel).
 */
import type { BodyAndContentType } from 'sip.js';
import type { MediaOp } from '../../shared/ipc/contract';
import type { MonitorMode } from '../../shared/domain/monitor';
import type { CallMedia, CallMediaOptions } from './call-media';

export type { MediaOp };

export interface MediaPort {
  /** Sends one request to the renderer owning the call's media and resolves with its reply. */
  request(callId: string, op: MediaOp): Promise<{ sdp?: string }>;
}

export class MediaBridgeSessionDescriptionHandler implements CallMedia {
  private remoteSet = false;

  constructor(
    readonly callId: string,
    private readonly port: MediaPort,
  ) {}

  async getDescription(options?: CallMediaOptions): Promise<BodyAndContentType> {
    const reply = await this.port.request(this.callId, { op: 'getDescription', hold: options?.hold === true, iceRestart: options?.iceRestart === true });
    if (!reply.sdp) throw new Error('the renderer returned no SDP');
    return { body: reply.sdp, contentType: 'application/sdp' };
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  async setDescription(sdp: string): Promise<void> {
    await this.port.request(this.callId, { op: 'setDescription', sdp });
    this.remoteSet = true;
  }

  /** The renderer's peer connection sends RFC 4733 (sendDtmf returns false until the remote description is set). */
  supportsRtpDtmf(): boolean {
    return true;
  }

  sendDtmf(tones: string): boolean {
    if (!this.remoteSet) return false;
    void this.port.request(this.callId, { op: 'dtmf', tones }).catch(() => undefined);
    return true;
  }

  /**
   * Conference: the renderer mixes this leg with another (each hears the other and the agent).
   * Resolves once the mix carries audio; rejects when the renderer could not mix (a leg whose peer
   * never connected, an ended microphone), so the conference is not reported as working.
   */
  async bridgeWith(other: CallMedia): Promise<void> {
    await this.port.request(this.callId, { op: 'conference', withCallId: sameKind(other).callId });
  }

  /** Undoes this leg's part in a mix (conference or monitoring): the renderer disconnects its nodes. */
  async unbridge(): Promise<void> {
    await this.port.request(this.callId, { op: 'unmix' });
  }

  /** Monitoring: this is a lead's leg; the renderer routes its audio with the call's as the mode says (rejects if it cannot). */
  async monitorOf(call: CallMedia, mode: MonitorMode): Promise<void> {
    await this.port.request(this.callId, { op: 'monitor', withCallId: sameKind(call).callId, mode });
  }

  setMuted(muted: boolean): void {
    void this.port.request(this.callId, { op: 'mute', muted }).catch(() => undefined);
  }

  close(): void {
    void this.port.request(this.callId, { op: 'close' }).catch(() => undefined);
  }
}

/** The renderer mixes calls whose media it owns: both legs are bridged by it. */
function sameKind(media: CallMedia): MediaBridgeSessionDescriptionHandler {
  if (!(media instanceof MediaBridgeSessionDescriptionHandler)) throw new Error('renderer media can only be mixed with renderer media');
  return media;
}
