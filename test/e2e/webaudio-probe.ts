// Counts, from outside the app, the WebAudio nodes a page has connected and not disconnected, and
// its AudioContexts not closed: installed before the page's own scripts (addInitScript), it wraps
// the browser's AudioNode.connect/disconnect and notes each context, so a test can tell whether a
// mix was really torn down. It changes nothing the app does.
import type { BrowserContext, Page } from '@playwright/test';

declare global {
  interface Window {
    webAudioProbe?: { connected(): number; openContexts(): number; created(): number };
  }
}

export async function probeWebAudio(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const live = new Set<AudioNode>();
    const contexts = new Set<BaseAudioContext>();
    let created = 0;
    type Fn = (...args: unknown[]) => unknown;
    const proto = AudioNode.prototype as unknown as { connect: Fn; disconnect: Fn };
    const connect = proto.connect;
    const disconnect = proto.disconnect;
    proto.connect = function (this: AudioNode, ...args: unknown[]) {
      if (!live.has(this)) created++;
      live.add(this);
      contexts.add(this.context);
      return connect.apply(this, args);
    };
    proto.disconnect = function (this: AudioNode, ...args: unknown[]) {
      if (args.length === 0) live.delete(this);
      return disconnect.apply(this, args);
    };
    window.webAudioProbe = {
      connected: () => live.size,
      openContexts: () => [...contexts].filter((c) => c.state !== 'closed').length,
      created: () => created,
    };
  });
}

export const webAudio = (page: Page) =>
  page.evaluate(() => ({
    connected: window.webAudioProbe!.connected(),
    openContexts: window.webAudioProbe!.openContexts(),
    created: window.webAudioProbe!.created(),
  }));
