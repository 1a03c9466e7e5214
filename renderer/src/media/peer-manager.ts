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
  // The connection failed: a conference or monitoring mix on it cannot go on. Undo it here and tell
  // main, which rolls back what relied on it (a lead's own monitoring leg included).
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState === 'failed') mediaFailed(callId, 'peerFailed');
  });
  watchMicrophone(callId, stream);
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
    case 'unmix': {
      teardownMix(req.callId);
      return undefined;
    }
    case 'close': {
      closePeer(req.callId);
      return undefined;
    }
  }
}

function closePeer(callId: string): void {
  teardownMix(callId);
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
 * A live mix (a conference, or a lead's monitoring leg with the call): every WebAudio node it created,
 * the mixed tracks it sends, and the calls it involves. Torn down as a whole: nodes disconnected,
 * mixed tracks stopped, each leg back on its own microphone; the AudioContext closes with the last mix.
 */
interface Mix {
  calls: string[];
  /** The legs whose sender now carries a mixed track (put back on their microphone at teardown). */
  sending: Peer[];
  nodes: AudioNode[];
  tracks: MediaStreamTrack[];
  /** Monitoring: the lead's leg, whose playout was muted in listen mode. */
  leadLeg: string | null;
}
const mixes = new Map<string, Mix>();

/** How long a leg that has just been answered may take to connect before a mix on it is refused. */
const MIX_CONNECT_LIMIT_MS = 5000;

const mixError = (name: string, message: string) => Object.assign(new Error(message), { name });
const senderOf = (p: Peer) => p.pc.getSenders().find((s) => s.track?.kind === 'audio' || s.track === null);

/** Waits until the leg's peer connection carries media; fails when it failed, closed or never connects. */
async function whenConnected(p: Peer): Promise<void> {
  if (p.pc.connectionState === 'connected') return;
  await new Promise<void>((resolve, reject) => {
    const finish = (err?: Error) => {
      clearTimeout(timer);
      p.pc.removeEventListener('connectionstatechange', check);
      if (err) reject(err);
      else resolve();
    };
    const check = () => {
      if (p.pc.connectionState === 'connected') finish();
      else if (p.pc.connectionState === 'failed' || p.pc.connectionState === 'closed') finish(mixError('PeerFailed', 'a leg of the mix has no working connection'));
    };
    const timer = setTimeout(() => finish(mixError('PeerNotConnected', 'a leg of the mix never connected')), MIX_CONNECT_LIMIT_MS);
    p.pc.addEventListener('connectionstatechange', check);
    check();
  });
}

/** What a leg needs before it can be mixed: a connection that works and a microphone that is live. */
async function ready(p: Peer): Promise<void> {
  await whenConnected(p);
  if (p.stream.getAudioTracks()[0]?.readyState !== 'live') throw mixError('MicrophoneEnded', 'the microphone track has ended');
}

function remoteAudio(p: Peer): MediaStream {
  const s = p.audio.srcObject as MediaStream | null;
  if (!s || !s.getAudioTracks().some((t) => t.readyState === 'live')) throw mixError('NoRemoteAudio', 'a leg of the mix receives no audio');
  return s;
}

/**
 * Builds a mix: `sends` says which sources each leg is sent. Nothing is left half-built: on any
 * failure what was created is torn down and the legs are back on their own microphones.
 */
async function buildMix(calls: string[], sends: [Peer, MediaStream[]][], leadLeg: string | null): Promise<Mix> {
  mixer ??= new AudioContext();
  const ctx = mixer;
  const mix: Mix = { calls, sending: [], nodes: [], tracks: [], leadLeg };
  for (const id of calls) mixes.set(id, mix);
  try {
    for (const [to, sources] of sends) {
      const dest = ctx.createMediaStreamDestination();
      mix.nodes.push(dest);
      for (const source of sources) {
        const node = ctx.createMediaStreamSource(source);
        mix.nodes.push(node);
        node.connect(dest);
      }
      const track = dest.stream.getAudioTracks()[0];
      if (!track) throw mixError('MixFailed', 'the mix produced no track');
      mix.tracks.push(track);
      const sender = senderOf(to);
      if (!sender) throw mixError('MixFailed', 'a leg has no audio sender');
      mix.sending.push(to);
      await sender.replaceTrack(track);
    }
    if (ctx.state === 'suspended') await ctx.resume();
    return mix;
  } catch (err) {
    teardownMix(calls[0]!);
    throw err;
  }
}

/** Undoes the mix a call is part of (if any): every node disconnected, each leg on its own microphone. */
function teardownMix(callId: string): void {
  const mix = mixes.get(callId);
  if (!mix) return;
  for (const id of mix.calls) if (mixes.get(id) === mix) mixes.delete(id);
  for (const node of mix.nodes) node.disconnect();
  for (const track of mix.tracks) track.stop();
  for (const p of mix.sending) {
    if (p.pc.signalingState === 'closed') continue;
    void senderOf(p)?.replaceTrack(p.stream.getAudioTracks()[0] ?? null).catch(() => undefined);
  }
  const lead = mix.leadLeg ? peers.get(mix.leadLeg) : undefined;
  if (lead) lead.audio.muted = false;
  if (mixes.size === 0 && mixer) {
    void mixer.close().catch(() => undefined);
    mixer = null;
  }
}

/** A call's media failed (its connection, or the microphone): undo any mix on it and tell main, which rolls back. */
function mediaFailed(callId: string, reason: 'peerFailed' | 'trackEnded'): void {
  teardownMix(callId);
  void invoke('media.failed', { callId, reason });
}

/** The microphone ended on its own (unplugged, permission revoked): a mix on this call cannot go on. */
function watchMicrophone(callId: string, stream: MediaStream): void {
  for (const t of stream.getAudioTracks()) t.addEventListener('ended', () => peers.get(callId)?.stream === stream && mediaFailed(callId, 'trackEnded'));
}

/**
 * Conference: the agent's desktop is the mixer. Each leg is sent the agent's microphone plus the
 * other leg's audio (WebAudio), so caller and colleague hear each other; the agent hears both. Both
 * legs must carry media first: a conference with a leg that never connected is refused, not faked.
 */
async function mix(a: string, b: string): Promise<void> {
  const pa = peers.get(a);
  const pb = peers.get(b);
  if (!pa || !pb) throw mixError('NoMedia', 'both calls need media to be conferenced');
  teardownMix(a);
  teardownMix(b);
  await Promise.all([ready(pa), ready(pb)]);
  await buildMix([a, b], [[pa, [pa.stream, remoteAudio(pb)]], [pb, [pb.stream, remoteAudio(pa)]]], null);
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
  if (!lead || !call) throw mixError('NoMedia', 'both legs need media to be monitored');
  // A mode change rebuilds the mix: the previous one's nodes go first.
  teardownMix(leadCallId);
  await Promise.all([ready(lead), ready(call)]);
  const callerAudio = remoteAudio(call);
  const sends: [Peer, MediaStream[]][] = [[lead, [call.stream, callerAudio]]];
  if (mode === 'barge') sends.push([call, [call.stream, remoteAudio(lead)]]);
  // Both legs belong to the mix in every mode: either one failing ends the session.
  await buildMix([leadCallId, callId], sends, leadCallId);
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
        for (const [id, p] of peers) if (p === peer) watchMicrophone(id, fresh);
      }
    }
  });
}
