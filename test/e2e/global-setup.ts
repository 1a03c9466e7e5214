// Starts the app in browser mode (real services, a fresh encrypted demo store in a temp dir) and
// hands its URL to the tests. Stopped by the returned teardown.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!fs.existsSync(path.join(root, 'dist/renderer/index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` first (npm test does)');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-e2e-'));
  const child = spawn(
    path.join(root, 'node_modules/.bin/tsx'),
    ['electron/main/bridge-entry.ts', '--port', '0', '--json', '--data-dir', dataDir, '--demo-patients', '300'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bridge did not start within 60 s')), 60_000);
    readline.createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`the bridge exited with ${code}`)));
  });
  const { url, port } = JSON.parse(line) as { url: string; port: number };
  process.env.CAREFRONT_URL = url;
  process.env.CAREFRONT_ORIGIN = `http://127.0.0.1:${port}`;
  process.env.CAREFRONT_DATA_DIR_E2E = dataDir;
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
