// The preload, bundled exactly as it ships (esbuild, CommonJS), run in a fresh V8 context. Electron's
// binary cannot be had here, so `electron` is replaced at its module boundary by a recorder of what the
// preload hands to contextBridge and sends over ipcRenderer.
import { buildSync } from 'esbuild';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, IPC_INVOKE } from '../../../shared/ipc/contract';

function loadPreload() {
  const bundle = buildSync({
    entryPoints: ['electron/preload/preload.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
  }).outputFiles[0]!.text;
  const exposed: Record<string, unknown> = {};
  const sent: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        sent.push(args);
        return Promise.resolve({ ok: true, value: null });
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
  const requires: string[] = [];
  const module = { exports: {} };
  vm.runInNewContext(bundle, {
    module,
    exports: module.exports,
    require: (id: string) => {
      requires.push(id);
      if (id === 'electron') return electron;
      throw new Error(`the preload may not require ${id}`);
    },
  });
  return { exposed, sent, requires };
}

describe('preload', () => {
  it('exposes exactly one object, window.carefront, with invoke and on, frozen', () => {
    const { exposed, requires } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['carefront']);
    const api = exposed.carefront as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    expect([...new Set(requires)]).toEqual(['electron']);
  });

  it('forwards contract channels and refuses anything else without touching IPC', async () => {
    const { exposed, sent } = loadPreload();
    const api = exposed.carefront as {
      invoke: (c: string, a: unknown) => Promise<{ ok: boolean; error?: { code: string } }>;
      on: (e: string, l: () => void) => unknown;
    };
    await api.invoke(CHANNEL_NAMES[0]!, {});
    expect(sent).toEqual([[IPC_INVOKE, CHANNEL_NAMES[0], {}]]);
    const refused = await api.invoke('shell.openExternal', { url: 'file:///etc/passwd' });
    expect(refused.error!.code).toBe('unknownChannel');
    expect(sent).toHaveLength(1);
    expect(() => api.on('process.exit', () => undefined)).toThrow('No such event');
  });
});
