import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../shared/errors';
import { keyFileProvider, staticKeyProvider } from '../../../electron/cache';
import { ctx, fixture, snapshot, tempDir, openTestStore } from './helpers';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    return (err as CodedError).code;
  }
  throw new Error('expected a CodedError');
};

describe('encrypted store: keys', () => {
  let dir: string;
  let cleanup: () => void;
  let dbPath: string;
  let keyPath: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    dbPath = path.join(dir, 'store.db');
    keyPath = path.join(dir, 'store.key');
  });
  afterEach(() => {
    cleanup();
  });

  it('creates a 0600 key file and an encrypted file on first run, and reopens with it', async () => {
    const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    cache.close();
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyPath, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(dbPath).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    const again = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    expect(again.store.stats().patients).toBe(3);
    again.close();
  });

  it('reports a wrong key as cacheWrongKey and leaves every file byte untouched', async () => {
    const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    cache.close();
    const before = snapshot(dbPath);
    expect(codeOf(() => openTestStore({ path: dbPath, keyProvider: staticKeyProvider(Buffer.alloc(32, 7)) }))).toBe('cacheWrongKey');
    expect(snapshot(dbPath)).toEqual(before);
  });

  it('reports a missing key file as cacheMissingKey and leaves the store untouched', () => {
    openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) }).close();
    const before = snapshot(dbPath);
    fs.renameSync(keyPath, path.join(dir, 'elsewhere.key'));
    const before2 = snapshot(dbPath);
    expect(codeOf(() => openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) }))).toBe('cacheMissingKey');
    expect(snapshot(dbPath)).toEqual(before2);
    expect(before2.get('store.db')).toEqual(before.get('store.db'));
    expect(fs.existsSync(keyPath)).toBe(false);
  });

  it('refuses a key file readable by others', () => {
    openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) }).close();
    fs.chmodSync(keyPath, 0o644);
    expect(codeOf(() => openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) }))).toBe('cacheMissingKey');
  });

  it('reports a plain SQLite file or a random file as cacheNotADatabase, untouched', () => {
    const plain = new Database(dbPath);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    const before = snapshot(dbPath);
    expect(codeOf(() => openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) }))).toBe('cacheNotADatabase');
    expect(snapshot(dbPath)).toEqual(before);
    fs.writeFileSync(dbPath, 'hello, not a database');
    expect(codeOf(() => openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) }))).toBe('cacheNotADatabase');
  });

  it('rekey keeps every row and the old key stops working', async () => {
    const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath), lock: 'exclusive' });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    const before = cache.patients.summary('p-child', ctx);
    const newKeyPath = path.join(dir, 'new.key');
    cache.store.rekey(keyFileProvider(newKeyPath));
    expect(cache.patients.summary('p-child', ctx)).toEqual(before);
    cache.close();
    expect(fs.statSync(newKeyPath).mode & 0o777).toBe(0o600);
    expect(codeOf(() => openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) }))).toBe('cacheWrongKey');
    const reopened = openTestStore({ path: dbPath, keyProvider: keyFileProvider(newKeyPath) });
    expect(reopened.patients.summary('p-child', ctx)).toEqual(before);
    expect(reopened.store.stats().patients).toBe(3);
    expect(reopened.audit.verify().ok).toBe(true);
    reopened.close();
  });

  it('reports a store locked by another writer as cacheLocked', () => {
    openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) }).close();
    const key = Buffer.from(fs.readFileSync(keyPath, 'utf8').trim(), 'hex');
    const holder = new Database(dbPath);
    holder.pragma(`cipher='sqlcipher'`);
    holder.pragma('legacy=4');
    holder.pragma(`key="x'${key.toString('hex')}'"`);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const started = Date.now();
      const code = codeOf(() => openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) }));
      expect(code).toBe('cacheLocked');
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
