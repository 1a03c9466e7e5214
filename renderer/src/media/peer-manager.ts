/**
 * The renderer's side of calls: one RTCPeerConnection per call, the microphone and the speaker. The
 * main process's session description handler asks for offers/answers over the contract
 * (media.request); we answer with media.respond. Signalling never happens here.
 */
import type { MediaRequest } from '../../../shared/ipc/contract';
import { invoke, onEvent } from '../app/api';
import { useMediaStats } from './media-stats';
import { applySpeaker, microphoneConstraint, onDeviceChange } from './devices';

interface Peer {
  pc: RTCPeerConnection;
  /** The microphone stream currently sent (replaced when the agent picks another microphone). */
  stream: MediaStream;
  audio: HTMLAudioElement;
  statsTimer: number;
}

const peers = new Map<string, Peer>();
const ICE_GATHER_LIMIT_MS = 2000;

async function ensurePeer(callId: string): Promise<Peer> {
  const existing = peers.get(callId);
  if (existing) return existing;
  const stream = await navigator.mediaDevices.getUserMedia({ audio: microphoneConstraint(), video: false });
  const pc = new RTCPeerConnection({ iceServers: [] });
  for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
  const audio = new Audio();
  audio.autoplay = true;
  await applySpeaker(audio);
  pc.ontrack = (e) => {
    audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    void audio.play().catch(() => undefined);
  };
  let lastBytes = 0;
  const statsTimer = window.setInterval(async () => {
    let bytes = 0;
    (await pc.getStats()).forEach((r: { type?: string; kind?: string; bytesReceived?: number }) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') bytes += r.bytesReceived ?? 0;
    });
    useMediaStats.getState().report(callId, { bytesReceived: bytes, receiving: bytes > lastBytes });
    lastBytes = bytes;
  }, 1000);
  const peer = { pc, stream, audio, statsTimer };
  peers.set(callId, peer);
  // ICE failed (a network change, a VPN coming up): ask main for a renegotiation with fresh candidates.
  pc.addEventListener('iceconnectionstatechange', () => {
    if (pc.iceConnectionState === 'failed') void invoke('media.restartIce', { callId });
  });
  return peer;
}

async function waitForIce(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const done = () => {
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => pc.iceGatheringState === 'complete' && done();
    pc.addEventListener('icegatheringstatechange', check);
    setTimeout(done, ICE_GATHER_LIMIT_MS);
  });
}

async function handle(req: MediaRequest): Promise<string | undefined> {
  switch (req.op) {
    case 'getDescription': {
      const { pc } = await ensurePeer(req.callId);
      for (const t of pc.getTransceivers()) t.direction = req.hold ? 'sendonly' : 'sendrecv';
      const answering = pc.signalingState === 'have-remote-offer';
      const description = answering ? await pc.createAnswer() : await pc.createOffer({ iceRestart: req.iceRestart });
      await pc.setLocalDescription(description);
      await waitForIce(pc);
      return pc.localDescription?.sdp;
    }
    case 'setDescription': {
      const { pc } = await ensurePeer(req.callId);
      const type = pc.signalingState === 'have-local-offer' ? 'answer' : 'offer';
      await pc.setRemoteDescription({ type, sdp: req.sdp });
      return undefined;
    }
    case 'dtmf': {
      const sender = peers.get(req.callId)?.pc.getSenders().find((s) => s.track?.kind === 'audio');
      sender?.dtmf?.insertDTMF(req.tones, 120, 70);
      return undefined;
    }
    case 'mute': {
      for (const t of peers.get(req.callId)?.stream.getAudioTracks() ?? []) t.enabled = !req.muted;
      return undefined;
    }
    case 'conference': {
      await mix(req.callId, req.withCallId);
      return undefined;
    }
    case 'monitor': {
      await monitorMix(req.callId, req.withCallId, req.mode);
      return undefined;
    }
    case 'close': {
      closePeer(req.callId);
      return undefined;
    }
  }
}

function closePeer(callId: string): void {
  const peer = peers.get(callId);
  if (peer) {
    clearInterval(peer.statsTimer);
    peer.pc.close();
    for (const t of peer.stream.getTracks()) t.stop();
    peer.audio.srcObject = null;
    peers.delete(callId);
  }
  useMediaStats.getState().forget(callId);
}

let mixer: AudioContext | null = null;

/**
 * Conference: the agent's desktop is the mixer. Each leg is sent the agent's microphone plus the
 * other leg's audio (WebAudio), so caller and colleague hear each other; the agent hears both.
 */
async function mix(a: string, b: string): Promise<void> {
  const pa = peers.get(a);
  const pb = peers.get(b);
  if (!pa || !pb) throw new Error('both calls need media to be conferenced');
  mixer ??= new AudioContext();
  const ctx = mixer;
  const remote = (p: Peer) => ctx.createMediaStreamSource(p.audio.srcObject as MediaStream);
  const feed = (to: Peer, other: Peer) => {
    const dest = ctx.createMediaStreamDestination();
    ctx.createMediaStreamSource(to.stream).connect(dest);
    remote(other).connect(dest);
    const sender = to.pc.getSenders().find((s) => s.track?.kind === 'audio');
    return sender?.replaceTrack(dest.stream.getAudioTracks()[0] ?? null);
  };
  await Promise.all([feed(pa, pb), feed(pb, pa)]);
}

/** This window takes the calls' media (calls in progress move here). */
export function takeMedia(): Promise<unknown> {
  return invoke('media.reattach', {});
}

/**
 * Monitoring, on the agent's desktop: `leadCallId` is the team lead's leg, `callId` the call with the
 * caller. The lead is sent the agent's microphone mixed with the caller; the agent hears the lead
 * only in whisper and barge; the caller is sent the lead's voice only in barge. The caller's
 * RTCPeerConnection is never renegotiated, so nothing is announced to them.
 */
async function monitorMix(leadCallId: string, callId: string, mode: 'listen' | 'whisper' | 'barge'): Promise<void> {
  const lead = peers.get(leadCallId);
  const call = peers.get(callId);
  if (!lead || !call) throw new Error('both legs need media to be monitored');
  mixer ??= new AudioContext();
  const ctx = mixer;
  const send = (to: Peer, sources: MediaStream[]) => {
    const dest = ctx.createMediaStreamDestination();
    for (const s of sources) ctx.createMediaStreamSource(s).connect(dest);
    return to.pc.getSenders().find((x) => x.track?.kind === 'audio')?.replaceTrack(dest.stream.getAudioTracks()[0] ?? null);
  };
  const remoteOf = (p: Peer) => p.audio.srcObject as MediaStream | null;
  const callerAudio = remoteOf(call);
  const leadAudio = remoteOf(lead);
  await send(lead, [call.stream, ...(callerAudio ? [callerAudio] : [])]);
  await send(call, [call.stream, ...(mode === 'barge' && leadAudio ? [leadAudio] : [])]);
  lead.audio.muted = mode === 'listen';
}

/**
 * Starts answering the main process's media requests, then takes over the media of any call already
 * in progress (after a reload the old RTCPeerConnection is gone; main renegotiates to this page).
 */
export function startMediaBridge(): void {
  onEvent('media.request', (req) => {
    handle(req).then(
      (sdp) => invoke('media.respond', sdp === undefined ? { requestId: req.requestId, ok: true } : { requestId: req.requestId, ok: true, sdp }),
      (err: unknown) => invoke('media.respond', { requestId: req.requestId, ok: false, error: err instanceof Error ? err.name : 'error' }),
    );
  });
  // Another window took the calls' media: let go of the microphone and speaker here.
  onEvent('media.owner', ({ owner }) => {
    if (!owner) for (const callId of [...peers.keys()]) closePeer(callId);
    useMediaStats.setState({ owner });
  });
  void takeMedia();
  // The machine came back online (Wi-Fi switch, docking): restart ICE on every call.
  window.addEventListener('online', () => {
    for (const callId of peers.keys()) void invoke('media.restartIce', { callId });
  });
  // A device changed in the settings: move live calls to it without dropping them.
  onDeviceChange(async (kind) => {
    for (const peer of peers.values()) {
      if (kind === 'speaker') await applySpeaker(peer.audio);
      else {
        const fresh = await navigator.mediaDevices.getUserMedia({ audio: microphoneConstraint(), video: false });
        const track = fresh.getAudioTracks()[0] ?? null;
        if (track) track.enabled = peer.stream.getAudioTracks()[0]?.enabled ?? true;
        await peer.pc.getSenders().find((s) => s.track?.kind === 'audio')?.replaceTrack(track);
        for (const t of peer.stream.getTracks()) t.stop();
        peer.stream = fresh;
      }
    }
  });
}
