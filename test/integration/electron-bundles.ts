/**
 * The Electron build's bundles (scripts/build-electron.mjs), built for one test into a folder of its own inside the
 * project, so the bundles find the project's node_modules as dist/ does and two tests never write the same files.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ElectronBundles {
  /** A bundled worker beside the bundled main process (e.g. `import-worker.cjs`). */
  workerUrl(bundle: string): URL;
  remove(): void;
}

export function buildElectronBundles(): ElectronBundles {
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  const out = fs.mkdtempSync(path.join(ROOT, 'test-results', 'electron-bundles-'));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-electron.mjs'), '--out', out], { cwd: ROOT, stdio: 'ignore' });
  return {
    workerUrl: (bundle) => pathToFileURL(path.join(out, 'electron', bundle)),
    remove: () => {
      fs.rmSync(out, { recursive: true, force: true });
    },
  };
}
