/**
 * One call's media in this page: its RTCPeerConnection, the microphone it sends, the element that
 * plays the far end, the audio indicator's timer, and, while the call is in a conference or
 * monitoring mix, the WebAudio graph that feeds its sender. What a session makes, it undoes:
 * leaving a mix disconnects every node it made for it and puts the microphone back on the sender;
 * closing ends all of it. Signalling never happens here: the media bridge drives a session from main's
 * requests, and `mixes.ts` ties sessions together.
 */
import { useMediaStats } from './media-stats';
import { applySpeaker, microphoneConstraint } from './devices';

/** What a session reports to whoever opened it (the media bridge tells main). */
export interface CallMediaEvents {
  /** ICE failed (a network change, a VPN coming up): a renegotiation with fresh candidates is needed. */
  iceFailed(): void;
  /** The connection failed, or the microphone ended on its own (unplugged, permission revoked). */
  failed(reason: 'peerFailed' | 'trackEnded'): void;
}

/** A conference or monitoring mix as a session sees it: something it is part of, undone as a whole. */
export interface MixMembership {
  undo(): void;
}

/** The graph feeding this call's sender in one mix: the nodes made for it and the mixed track sent. */
interface SendGraph {
  mix: MixMembership;
  nodes: AudioNode[];
  track: MediaStreamTrack;
}

const ICE_GATHER_LIMIT_MS = 2000;
/** How long a leg that has just been answered may take to connect before a mix on it is refused. */
const MIX_CONNECT_LIMIT_MS = 5000;

export const mediaError = (name: string, message: string) => Object.assign(new Error(message), { name });

export class CallMedia {
  /** The mixes this call is part of (a monitored call may be in two leads' at once). */
  readonly mixes = new Set<MixMembership>();
  private graph: SendGraph | null = null;
  /** The mix that muted this leg's playout (a lead's leg in listen mode). */
  private playoutMutedBy: MixMembership | null = null;
  private closed = false;

  private constructor(
    readonly callId: string,
    readonly pc: RTCPeerConnection,
    /** The microphone stream currently sent (replaced when the agent picks another microphone). */
    private microphone: MediaStream,
    private readonly audio: HTMLAudioElement,
    private readonly statsTimer: number,
    private readonly events: CallMediaEvents,
  ) {
    pc.ontrack = (e) => {
      audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      void audio.play().catch(() => undefined);
    };
    pc.addEventListener('iceconnectionstatechange', () => {
      if (pc.iceConnectionState === 'failed') events.iceFailed();
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed') this.fail('peerFailed');
    });
    this.watchMicrophone();
  }

  /** Opens the call's media: the microphone, a peer connection sending it, the speaker, the indicator. */
  static async open(callId: string, events: CallMediaEvents): Promise<CallMedia> {
    const microphone = await navigator.mediaDevices.getUserMedia({ audio: microphoneConstraint(), video: false });
    const pc = new RTCPeerConnection({ iceServers: [] });
    for (const track of microphone.getAudioTracks()) pc.addTrack(track, microphone);
    const audio = new Audio();
    audio.autoplay = true;
    await applySpeaker(audio);
    let lastBytes = 0;
    const statsTimer = window.setInterval(async () => {
      let bytes = 0;
      (await pc.getStats()).forEach((r: { type?: string; kind?: string; bytesReceived?: number }) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') bytes += r.bytesReceived ?? 0;
      });
      useMediaStats.getState().report(callId, { bytesReceived: bytes, receiving: bytes > lastBytes });
      lastBytes = bytes;
    }, 1000);
    return new CallMedia(callId, pc, microphone, audio, statsTimer, events);
  }

  // --- Signalling's requests ---

  /** An offer, or the answer to the remote offer; `hold` sends only. Resolves with the SDP once ICE gathered. */
  async describe(hold: boolean, iceRestart: boolean): Promise<string | undefined> {
    const { pc } = this;
    for (const t of pc.getTransceivers()) t.direction = hold ? 'sendonly' : 'sendrecv';
    const answering = pc.signalingState === 'have-remote-offer';
    const description = answering ? await pc.createAnswer() : await pc.createOffer({ iceRestart });
    await pc.setLocalDescription(description);
    await this.iceGathered();
    return pc.localDescription?.sdp;
  }

  async setRemote(sdp: string): Promise<void> {
    const type = this.pc.signalingState === 'have-local-offer' ? 'answer' : 'offer';
    await this.pc.setRemoteDescription({ type, sdp });
  }

  sendDtmf(tones: string): void {
    this.pc
      .getSenders()
      .find((s) => s.track?.kind === 'audio')
      ?.dtmf?.insertDTMF(tones, 120, 70);
  }

  setMuted(muted: boolean): void {
    for (const t of this.microphone.getAudioTracks()) t.enabled = !muted;
  }

  private async iceGathered(): Promise<void> {
    const { pc } = this;
    if (pc.iceGatheringState === 'complete') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      };
      const check = () => {
        if (pc.iceGatheringState === 'complete') done();
      };
      pc.addEventListener('icegatheringstatechange', check);
      setTimeout(done, ICE_GATHER_LIMIT_MS);
    });
  }

  // --- Devices ---

  async useSpeaker(): Promise<void> {
    await applySpeaker(this.audio);
  }

  /** Moves the call to the microphone now chosen, without dropping it. */
  async useChosenMicrophone(): Promise<void> {
    const fresh = await navigator.mediaDevices.getUserMedia({ audio: microphoneConstraint(), video: false });
    const track = fresh.getAudioTracks()[0] ?? null;
    if (track) track.enabled = this.microphone.getAudioTracks()[0]?.enabled ?? true;
    await this.pc
      .getSenders()
      .find((s) => s.track?.kind === 'audio')
      ?.replaceTrack(track);
    for (const t of this.microphone.getTracks()) t.stop();
    this.microphone = fresh;
    this.watchMicrophone();
  }

  /** The microphone ended on its own: a mix on this call cannot go on. */
  private watchMicrophone(): void {
    const stream = this.microphone;
    for (const t of stream.getAudioTracks()) {
      t.addEventListener('ended', () => {
        if (this.microphone === stream && !this.closed) this.fail('trackEnded');
      });
    }
  }

  /** The call's media failed: every mix on it is undone, and whoever opened the session is told. */
  private fail(reason: 'peerFailed' | 'trackEnded'): void {
    this.leaveAllMixes();
    this.events.failed(reason);
  }

  // --- Mixes ---

  /** Waits until the call carries media and its microphone is live; fails when it cannot be mixed. */
  async readyToMix(): Promise<void> {
    await this.connected();
    if (this.microphone.getAudioTracks()[0]?.readyState !== 'live') throw mediaError('MicrophoneEnded', 'the microphone track has ended');
  }

  private async connected(): Promise<void> {
    const { pc } = this;
    if (pc.connectionState === 'connected') return;
    await new Promise<void>((resolve, reject) => {
      const finish = (err?: Error) => {
        clearTimeout(timer);
        pc.removeEventListener('connectionstatechange', check);
        if (err) reject(err);
        else resolve();
      };
      const check = () => {
        if (pc.connectionState === 'connected') finish();
        else if (pc.connectionState === 'failed' || pc.connectionState === 'closed')
          finish(mediaError('PeerFailed', 'a leg of the mix has no working connection'));
      };
      const timer = setTimeout(() => {
        finish(mediaError('PeerNotConnected', 'a leg of the mix never connected'));
      }, MIX_CONNECT_LIMIT_MS);
      pc.addEventListener('connectionstatechange', check);
      check();
    });
  }

  /** What this call's microphone sends (a source for another leg's mix). */
  get microphoneStream(): MediaStream {
    return this.microphone;
  }

  /** What the far end of this call sends (a source for another leg's mix). */
  remoteAudio(): MediaStream {
    const s = this.audio.srcObject as MediaStream | null;
    if (!s || !s.getAudioTracks().some((t) => t.readyState === 'live')) throw mediaError('NoRemoteAudio', 'a leg of the mix receives no audio');
    return s;
  }

  /** Joins a mix: from now on its undoing (or this call's end) concerns this call. */
  join(mix: MixMembership): void {
    this.mixes.add(mix);
  }

  /**
   * This call's sender carries `sources` mixed (WebAudio in `ctx`) for `mix`. A graph this call had
   * for another mix is undone first: a sender carries one track.
   */
  async send(mix: MixMembership, ctx: AudioContext, sources: MediaStream[]): Promise<void> {
    this.undoGraph();
    const dest = ctx.createMediaStreamDestination();
    const nodes: AudioNode[] = [dest];
    const disconnectAll = () => {
      for (const node of nodes) node.disconnect();
    };
    for (const source of sources) {
      const node = ctx.createMediaStreamSource(source);
      nodes.push(node);
      node.connect(dest);
    }
    const track = dest.stream.getAudioTracks()[0];
    const sender = this.sender();
    if (!track || !sender) {
      disconnectAll();
      track?.stop();
      throw mediaError('MixFailed', track ? 'a leg has no audio sender' : 'the mix produced no track');
    }
    this.graph = { mix, nodes, track };
    await sender.replaceTrack(track);
  }

  /** Mutes (or plays again) what this call receives, for `mix` (a lead listening is not heard by the agent). */
  mutePlayout(mix: MixMembership, muted: boolean): void {
    this.audio.muted = muted;
    this.playoutMutedBy = muted ? mix : null;
  }

  /** Leaves one mix: the nodes made for it disconnected, the microphone back on the sender, playout on. */
  leave(mix: MixMembership): void {
    this.mixes.delete(mix);
    if (this.graph?.mix === mix) this.undoGraph();
    if (this.playoutMutedBy === mix) this.mutePlayout(mix, false);
  }

  /** Undoes every mix this call is part of (each as a whole: the other legs leave it too). */
  leaveAllMixes(): void {
    for (const mix of [...this.mixes]) mix.undo();
  }

  private sender(): RTCRtpSender | undefined {
    return this.pc.getSenders().find((s) => s.track?.kind === 'audio' || s.track === null);
  }

  private undoGraph(): void {
    const graph = this.graph;
    if (!graph) return;
    this.graph = null;
    for (const node of graph.nodes) node.disconnect();
    graph.track.stop();
    if (this.pc.signalingState !== 'closed')
      void this.sender()
        ?.replaceTrack(this.microphone.getAudioTracks()[0] ?? null)
        .catch(() => undefined);
  }

  /** The call ended (or another window took the media): every mix on it undone, then everything it holds let go. */
  close(): void {
    if (this.closed) return;
    this.leaveAllMixes();
    this.undoGraph();
    this.closed = true;
    clearInterval(this.statsTimer);
    this.pc.close();
    for (const t of this.microphone.getTracks()) t.stop();
    this.audio.srcObject = null;
    useMediaStats.getState().forget(this.callId);
  }
}
