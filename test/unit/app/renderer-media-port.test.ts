// One window holds the calls' media: requests go to it alone, answers from other windows are ignored,
// a claim moves the media and tells the previous holder to let go, and with no holder the first
// window to answer becomes the holder. Real EventBus, real port; the "windows" are bus subscribers.
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/main/event-bus';
import { RendererMediaPort } from '../../../electron/main/services/renderer-media-port';
import type { Events } from '../../../shared/ipc/contract';

function windows(bus: EventBus, ...ids: string[]) {
  const seen = new Map<string, { event: string; payload: unknown }[]>(ids.map((id) => [id, []]));
  for (const id of ids) bus.subscribe((event, payload) => seen.get(id)!.push({ event, payload }), id);
  const requests = (id: string) =>
    seen
      .get(id)!
      .filter((e) => e.event === 'media.request')
      .map((e) => e.payload as Events['media.request']);
  const owner = (id: string) =>
    seen
      .get(id)!
      .filter((e) => e.event === 'media.owner')
      .map((e) => (e.payload as Events['media.owner']).owner);
  return { requests, owner };
}

describe('the media holder', () => {
  it('with no holder, asks every window and the first to answer holds the media', async () => {
    const bus = new EventBus();
    const port = new RendererMediaPort(bus);
    const w = windows(bus, 'a', 'b');
    const offer = port.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });
    expect(w.requests('a')).toHaveLength(1);
    expect(w.requests('b')).toHaveLength(1);
    port.respond('b', w.requests('b')[0]!.requestId, true, 'v=0 b');
    await expect(offer).resolves.toEqual({ sdp: 'v=0 b' });
    expect(port.owner).toBe('b');
    expect(w.owner('b')).toEqual([true]);
    port.request('call-1', { op: 'setDescription', sdp: 'v=0 remote' }).catch(() => undefined);
    expect(w.requests('a')).toHaveLength(1);
    expect(w.requests('b')).toHaveLength(2);
  });

  it('a claim moves the media: the old holder is told to let go and its answers are ignored', async () => {
    const bus = new EventBus();
    const port = new RendererMediaPort(bus);
    const w = windows(bus, 'a', 'b');
    port.claim('a');
    port.claim('b');
    expect(w.owner('a')).toEqual([true, false]);
    expect(w.owner('b')).toEqual([true]);
    const offer = port.request('call-1', { op: 'getDescription', hold: false, iceRestart: true });
    expect(w.requests('a')).toHaveLength(0);
    const req = w.requests('b')[0]!;
    port.respond('a', req.requestId, true, 'v=0 stale'); // not the holder: ignored
    port.respond('b', req.requestId, true, 'v=0 fresh');
    await expect(offer).resolves.toEqual({ sdp: 'v=0 fresh' });
  });

  it("the holder's failure fails the request at once; a closed holder leaves no holder", async () => {
    const bus = new EventBus();
    const port = new RendererMediaPort(bus);
    const w = windows(bus, 'a', 'b');
    port.claim('a');
    const offer = port.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });
    port.respond('a', w.requests('a')[0]!.requestId, false, undefined, 'NotAllowedError');
    await expect(offer).rejects.toThrow('renderer media failed: NotAllowedError');
    port.release('b'); // not the holder: nothing changes
    expect(port.owner).toBe('a');
    port.release('a');
    expect(port.owner).toBeNull();
    port.request('call-2', { op: 'getDescription', hold: false, iceRestart: false }).catch(() => undefined);
    expect(w.requests('b')).toHaveLength(1);
  });
});
