/**
 * The renderer's side of calls: one media session per call (`call-media.ts`), driven by the main
 * process's session description handler over the contract. Main asks (media.request: offers,
 * answers, DTMF, mixes, close); the page answers with media.respond. Signalling never happens here.
 */
import type { MediaRequest } from '../../../shared/ipc/contract';
import { invoke, onEvent } from '../app/api';
import { useMediaStats } from './media-stats';
import { onDeviceChange } from './devices';
import { CallMedia } from './call-media';
import { conference, monitor } from './mixes';

const sessions = new Map<string, CallMedia>();

async function sessionFor(callId: string): Promise<CallMedia> {
  const existing = sessions.get(callId);
  if (existing) return existing;
  const session = await CallMedia.open(callId, {
    // ICE failed: ask main for a renegotiation with fresh candidates.
    iceFailed: () => void invoke('media.restartIce', { callId }),
    // The mixes on the call were undone by the session; main rolls back what relied on them (a lead's own monitoring leg included).
    failed: (reason) => void invoke('media.failed', { callId, reason }),
  });
  sessions.set(callId, session);
  return session;
}

function close(callId: string): void {
  sessions.get(callId)?.close();
  sessions.delete(callId);
  useMediaStats.getState().forget(callId);
}

async function handle(req: MediaRequest): Promise<string | undefined> {
  switch (req.op) {
    case 'getDescription':
      return (await sessionFor(req.callId)).describe(req.hold, req.iceRestart);
    case 'setDescription':
      await (await sessionFor(req.callId)).setRemote(req.sdp);
      return undefined;
    case 'dtmf':
      sessions.get(req.callId)?.sendDtmf(req.tones);
      return undefined;
    case 'mute':
      sessions.get(req.callId)?.setMuted(req.muted);
      return undefined;
    case 'conference':
      await conference(sessions.get(req.callId), sessions.get(req.withCallId));
      return undefined;
    case 'monitor':
      // `callId` is the team lead's leg, `withCallId` the call with the caller.
      await monitor(sessions.get(req.callId), sessions.get(req.withCallId), req.mode);
      return undefined;
    case 'unmix':
      sessions.get(req.callId)?.leaveAllMixes();
      return undefined;
    case 'close':
      close(req.callId);
      return undefined;
  }
}

/** This window takes the calls' media (calls in progress move here). */
export function takeMedia(): Promise<unknown> {
  return invoke('media.reattach', {});
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
    if (!owner) for (const callId of [...sessions.keys()]) close(callId);
    useMediaStats.setState({ owner });
  });
  void takeMedia();
  // The machine came back online (Wi-Fi switch, docking): restart ICE on every call.
  window.addEventListener('online', () => {
    for (const callId of sessions.keys()) void invoke('media.restartIce', { callId });
  });
  // A device changed in the settings: move live calls to it without dropping them.
  onDeviceChange(async (kind) => {
    for (const session of sessions.values()) {
      if (kind === 'speaker') await session.useSpeaker();
      else await session.useChosenMicrophone();
    }
  });
}
