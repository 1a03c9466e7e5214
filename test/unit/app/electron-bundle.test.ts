// The Electron main process and preload bundle as they ship (the Electron binary itself cannot be
// downloaded here, so this is as far as CI can take the desktop build): no unresolved import, and
// the hardening options are in the bundle.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', write: false, logLevel: 'silent' } as const;

describe('Electron bundles', () => {
  it('main bundles with electron and the native store external, hardened window included', async () => {
    const r = await build({ ...common, entryPoints: ['electron/main/electron-main.ts'], external: ['electron', 'better-sqlite3-multiple-ciphers'] });
    expect(r.errors).toEqual([]);
    const code = r.outputFiles[0]!.text;
    for (const needle of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'setWindowOpenHandler',
      'will-navigate',
      'requestSingleInstanceLock',
      "default-src 'none'",
    ]) {
      expect(code, needle).toContain(needle);
    }
  });

  it('preload bundles with nothing but electron left to require', async () => {
    const r = await build({ ...common, entryPoints: ['electron/preload/preload.ts'], external: ['electron'] });
    expect(r.errors).toEqual([]);
    const requires = [...r.outputFiles[0]!.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect([...new Set(requires)]).toEqual(['electron']);
  });
});
