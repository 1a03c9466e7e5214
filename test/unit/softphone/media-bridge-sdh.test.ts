// The media-bridge handler forwards every media step to the renderer's port, unchanged, and fails the
// step when the renderer does. The port here records the requests (a stand-in at the interface only;
// the real renderer is exercised end to end in Chromium by test/e2e/phone.spec.ts).
import { describe, expect, it } from 'vitest';
import { MediaBridgeSessionDescriptionHandler, type MediaOp, type MediaPort } from '../../../electron/softphone/media-bridge-sdh';

function recordingPort(reply: (op: MediaOp) => Promise<{ sdp?: string }>) {
  const seen: { callId: string; op: MediaOp }[] = [];
  const port: MediaPort = { request: (callId, op) => (seen.push({ callId, op }), reply(op)) };
  return { port, seen };
}

describe('media-bridge session description handler', () => {
  it('asks the renderer for offers and answers, with hold and ICE restart passed through', async () => {
    const { port, seen } = recordingPort((op) => Promise.resolve(op.op === 'getDescription' ? { sdp: 'v=0\r\n' } : {}));
    const sdh = new MediaBridgeSessionDescriptionHandler('call1', port);
    expect(await sdh.getDescription({ hold: true, iceRestart: true })).toEqual({ body: 'v=0\r\n', contentType: 'application/sdp' });
    expect(sdh.sendDtmf('1')).toBe(false); // no remote description yet
    await sdh.setDescription('v=0\r\nremote');
    expect(sdh.sendDtmf('12#')).toBe(true);
    sdh.setMuted(true);
    sdh.close();
    expect(seen.map((s) => s.op)).toEqual([
      { op: 'getDescription', hold: true, iceRestart: true },
      { op: 'setDescription', sdp: 'v=0\r\nremote' },
      { op: 'dtmf', tones: '12#' },
      { op: 'mute', muted: true },
      { op: 'close' },
    ]);
    expect(seen.every((s) => s.callId === 'call1')).toBe(true);
    expect(sdh.hasDescription('application/sdp')).toBe(true);
  });

  it('fails the SIP step when the renderer fails or returns no SDP', async () => {
    const failing = new MediaBridgeSessionDescriptionHandler('c', recordingPort(async () => Promise.reject(new Error('no microphone'))).port);
    await expect(failing.getDescription()).rejects.toThrow('no microphone');
    const empty = new MediaBridgeSessionDescriptionHandler('c', recordingPort(() => Promise.resolve({})).port);
    await expect(empty.getDescription()).rejects.toThrow('no SDP');
  });
});
