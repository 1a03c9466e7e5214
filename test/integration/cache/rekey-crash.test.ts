import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateResources, keyFileProvider } from '../../../electron/cache';
import { ctx, fixture, REPO_ROOT, tempDir, openTestStore } from './helpers';

const CHILD = path.join(REPO_ROOT, 'test/integration/cache/rekey-child.ts');

/** Whether this hex key file opens the store (a raw probe, no recovery, nothing written). */
function opens(dbPath: string, keyFile: string): boolean {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${fs.readFileSync(keyFile, 'utf8').trim()}'"`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

describe('rekey killed at each step', () => {
  let dir: string;
  let cleanup: () => void;
  let dbPath: string;
  let keyPath: string;
  let summaryBefore: unknown;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    dbPath = path.join(dir, 'r.db');
    keyPath = path.join(dir, 'r.key');
    const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    summaryBefore = cache.patients.summary('p-child', ctx);
    cache.close();
  });
  afterEach(() => {
    cleanup();
  });

  const keyFiles = (): string[] =>
    fs
      .readdirSync(dir)
      .filter((f) => /\.key(\.pending)?$/.test(f))
      .map((f) => path.join(dir, f));

  for (const step of ['staged', 'reencrypted', 'committed']) {
    it(`in place, killed after "${step}": exactly one key file opens the store, and the next open completes or discards the rotation`, () => {
      const oldKey = fs.readFileSync(keyPath, 'utf8');
      const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dbPath, keyPath, '', step], { cwd: REPO_ROOT, encoding: 'utf8' });
      expect(r.signal).toBe('SIGKILL');
      const openers = keyFiles().filter((f) => opens(dbPath, f));
      expect(openers).toHaveLength(1);
      expect(openers[0]).toBe(step === 'reencrypted' ? `${keyPath}.pending` : keyPath);

      const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
      expect(cache.patients.summary('p-child', ctx)).toEqual(summaryBefore);
      expect(cache.audit.verify()).toMatchObject({ ok: true });
      cache.close();
      expect(keyFiles()).toEqual([keyPath]);
      expect(fs.readFileSync(keyPath, 'utf8') === oldKey).toBe(step === 'staged');
      expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
    });
  }

  it('to a new key file, killed after "reencrypted": the new key file opens it, the old one does not', () => {
    const newKeyPath = path.join(dir, 'next.key');
    const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dbPath, keyPath, newKeyPath, 'reencrypted'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    expect(keyFiles().filter((f) => opens(dbPath, f))).toEqual([`${newKeyPath}.pending`]);
    expect(() => openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) })).toThrow(expect.objectContaining({ code: 'cacheWrongKey' }));
    const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(newKeyPath) });
    expect(cache.patients.summary('p-child', ctx)).toEqual(summaryBefore);
    expect(cache.audit.verify()).toMatchObject({ ok: true });
    cache.close();
    expect(fs.existsSync(`${newKeyPath}.pending`)).toBe(false);
  });

  it('a finished rotation is audited (who, which key file) and the chain continues under the same audit key', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dbPath, keyPath, '', 'none'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.stdout).toContain('finished');
    const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    const [last] = cache.audit.recent(1);
    expect(last).toMatchObject({ subtype: [{ code: 'rekey' }], agent: [{ who: { identifier: { value: 'admin-cli/test' } } }] });
    expect(cache.audit.verify()).toMatchObject({ ok: true });
    cache.close();
  });
});

describe('rekey killed while the pages are being re-encrypted', () => {
  it('leaves a store that exactly one key file opens, intact, whatever the moment', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const dbPath = path.join(dir, 'big.db');
      const keyPath = path.join(dir, 'big.key');
      const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
      cache.imports.importGenerated(generateResources({ patients: 3000, seed: 'rekey' }));
      cache.close();
      const outcomes: string[] = [];
      for (const delayMs of [0, 30, 150, 600, 2000]) {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, keyPath, '', 'none'], {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        await new Promise<void>((resolve) => {
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            if (out.includes('step staged')) setTimeout(() => child.kill('SIGKILL'), delayMs);
          });
          child.once('exit', () => {
            resolve();
          });
        });
        const files = fs
          .readdirSync(dir)
          .filter((f) => /\.key(\.pending)?$/.test(f))
          .map((f) => path.join(dir, f));
        const openers = files.filter((f) => opens(dbPath, f));
        expect(openers, `killed ${delayMs} ms after staging`).toHaveLength(1);
        outcomes.push(`${path.basename(openers[0]!)}@${/step (\w+)\n(?![\s\S]*step)/.exec(out)?.[1] ?? '-'}`);
        const reopened = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
        expect(reopened.store.connection().pragma('integrity_check', { simple: true })).toBe('ok');
        expect(reopened.store.stats().patients).toBe(3000);
        expect(reopened.audit.verify()).toMatchObject({ ok: true });
        reopened.close();
      }
      // Which key opened it depends on the moment; each time exactly one did, and the next open settled it.
      expect(
        outcomes.every((o) => /^big\.key(\.pending)?@/.test(o)),
        outcomes.join(', '),
      ).toBe(true);
      // Killed at once, the store is still under the old key; killed late, the rotation had finished.
      expect(outcomes[0], outcomes.join(', ')).toMatch(/@staged$/);
    } finally {
      cleanup();
    }
  }, 120_000);
});
