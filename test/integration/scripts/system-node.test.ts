// The scripts the README and the tests run must pick the project's Node 22 themselves: started from a
// shell whose `node` is the system's Node 20 (no node_modules/.bin on the PATH), they used to crash
// loading the native SQLite module (exit 139). Each entry point is run here with exactly such a PATH.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { projectBin, projectRoot } from '../../../scripts/project-node.mjs';
import { startApp } from '../../e2e/app-process';

/** The caller's PATH without any node_modules/.bin: `node` is whatever the system has. */
const systemPath = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((p) => p && !p.includes(`node_modules${path.sep}.bin`))
  .join(path.delimiter);
const systemEnv = { ...process.env, PATH: systemPath };
const systemNode = spawnSync('node', ['--version'], { env: systemEnv, encoding: 'utf8' });
const systemMajor = systemNode.status === 0 ? Number(/^v(\d+)/.exec(systemNode.stdout)?.[1]) : NaN;
const oldNode = systemMajor < 22;
if (!oldNode) console.warn(`system-node tests skipped: the system's node is ${(systemNode.stdout as string | null)?.trim() || 'missing'}, not older than 22`);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-sysnode-'));
  dirs.push(d);
  return d;
};

describe.skipIf(!oldNode)(`scripts started where \`node\` is the system's Node ${systemMajor}`, () => {
  it("scripts/run-tests.mjs re-runs itself on the project's Node 22", () => {
    const r = spawnSync('node', ['scripts/run-tests.mjs', 'no-such-step'], { cwd: projectRoot, env: systemEnv, encoding: 'utf8' });
    expect(r.signal).toBeNull();
    expect(r.stdout).toMatch(/^node v22\./m);
    expect(r.stdout).toContain('0 passed, 0 failed');
  });

  it('bin/carefront-admin.mjs opens an encrypted store (native SQLite) from another folder', () => {
    const dir = tmp();
    const r = spawnSync(
      'node',
      [path.join(projectRoot, 'bin/carefront-admin.mjs'), 'stats', '--json', '--db', path.join(dir, 's.db'), '--key-file', path.join(dir, 's.key')],
      { cwd: dir, env: systemEnv, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTypeOf('object');
  });

  it('the app the end-to-end tests start runs on Node 22 and opens its store', async () => {
    const saved = process.env.PATH;
    process.env.PATH = systemPath;
    try {
      // It prints its address only after the encrypted demo store is open (native SQLite loaded).
      const app = await startApp([], 5);
      expect(app.port).toBeGreaterThan(0);
      await app.stop();
    } finally {
      process.env.PATH = saved;
    }
  }, 90_000);

  it("scripts/start.sh (the README's run command) builds and starts the app", async () => {
    const dataDir = tmp();
    const child = spawn('bash', ['scripts/start.sh', '--port', '0', '--json', '--data-dir', dataDir, '--demo-patients', '5'], {
      cwd: projectRoot,
      env: systemEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`start.sh printed no address within 150 s: ${stderr}`));
        }, 150_000);
        readline.createInterface({ input: child.stdout }).on('line', (l) => {
          if (l.startsWith('{')) {
            clearTimeout(timer);
            resolve(l);
          }
        });
        child.once('exit', (code, signal) => {
          reject(new Error(`start.sh exited (${code ?? signal}): ${stderr}`));
        });
      });
      const { url } = JSON.parse(line) as { url: string };
      expect((await fetch(url)).status).toBe(200);
    } finally {
      // The whole process group of this start.sh (bash, npm, the app), by its id.
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  }, 180_000);

  it('the project bin folder holds Node 22', () => {
    const r = spawnSync(path.join(projectBin, 'node'), ['--version'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^v22\./);
  });
});
