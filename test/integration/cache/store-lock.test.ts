import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import { fixture, REPO_ROOT, tempDir, openTestStore } from './helpers';
import { cliErrorCode } from '../../cli-error';

const LAUNCHER = path.join(REPO_ROOT, 'bin/carefront-admin.mjs');

/** Reads the child's stdout until a line matches. */
type Holder = ChildProcessByStdio<Writable, Readable, null>;

function nextLine(child: Holder, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (c: Buffer): void => {
      buffer += c.toString();
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line) {
        child.stdout.off('data', onData);
        resolve(line);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`child exited ${code}`));
    });
  });
}

describe('a store held open by another process (the app)', () => {
  let dir: string;
  let cleanup: () => void;
  let dbPath: string;
  let keyPath: string;
  let holder: Holder | null = null;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    dbPath = path.join(dir, 'held.db');
    keyPath = path.join(dir, 'held.key');
    const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    cache.close();
  });
  afterEach(async () => {
    if (holder && holder.exitCode === null) {
      holder.kill('SIGKILL');
      await new Promise((r) => holder!.once('exit', r));
    }
    holder = null;
    cleanup();
  });

  const admin = (...args: string[]) =>
    spawnSync(process.execPath, [LAUNCHER, ...args, '--db', dbPath, '--key-file', keyPath, '--json'], { cwd: dir, encoding: 'utf8' });

  it('CLI rekey is refused while the app holds the store; the app keeps working; after it closes, rekey goes ahead', async () => {
    const child: Holder = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/integration/cache/hold-store-child.ts'), dbPath, keyPath], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    holder = child;
    await nextLine(child, /^ready$/);
    const keyBefore = fs.readFileSync(keyPath, 'utf8');

    const refused = admin('rekey');
    expect(refused.status).toBe(1);
    expect(cliErrorCode(refused.stderr)).toBe('cacheInUse');
    expect(fs.readFileSync(keyPath, 'utf8')).toBe(keyBefore);
    expect(fs.readdirSync(dir).filter((f) => f.includes('pending'))).toEqual([]);

    // Reads from the CLI still work beside the app (shared, not exclusive).
    expect(admin('stats').status).toBe(0);
    child.stdin.write('lookup\n');
    expect(await nextLine(child, /^(matches|error)/)).toBe('matches 3');

    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    const rotated = admin('rekey');
    expect(rotated.status).toBe(0);
    expect(fs.readFileSync(keyPath, 'utf8')).not.toBe(keyBefore);
    expect(admin('stats').status).toBe(0);
  });

  it('the app cannot open the store while a rekey holds it exclusively', () => {
    const rekeying = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath), lock: 'exclusive' });
    try {
      const app = spawnSync(process.execPath, [LAUNCHER, 'stats', '--db', dbPath, '--key-file', keyPath, '--json'], { cwd: dir, encoding: 'utf8' });
      expect(app.status).toBe(1);
      expect(cliErrorCode(app.stderr)).toBe('cacheInUse');
    } finally {
      rekeying.close();
    }
  });
});
