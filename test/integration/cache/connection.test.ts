import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { keyFileProvider, staticKeyProvider } from '../../../electron/cache';
import { ctx, fixture, snapshot, openTestStore, useStorePaths, codedErrorOf } from './helpers';

describe('encrypted store: keys', () => {
  const at = useStorePaths();

  it('creates a 0600 key file and an encrypted file on first run, and reopens with it', async () => {
    const cache = openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    cache.close();
    expect(fs.statSync(at.keyPath).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(at.keyPath, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(at.dbPath).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    const again = openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) });
    expect(again.store.stats().patients).toBe(3);
    again.close();
  });

  it('reports a wrong key as cacheWrongKey and leaves every file byte untouched', async () => {
    const cache = openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    cache.close();
    const before = snapshot(at.dbPath);
    expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: staticKeyProvider(Buffer.alloc(32, 7)) }))).toBe('cacheWrongKey');
    expect(snapshot(at.dbPath)).toEqual(before);
  });

  it('reports a missing key file as cacheMissingKey and leaves the store untouched', async () => {
    openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }).close();
    const before = snapshot(at.dbPath);
    fs.renameSync(at.keyPath, path.join(at.dir, 'elsewhere.key'));
    const before2 = snapshot(at.dbPath);
    expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheMissingKey');
    expect(snapshot(at.dbPath)).toEqual(before2);
    expect(before2.get('store.db')).toEqual(before.get('store.db'));
    expect(fs.existsSync(at.keyPath)).toBe(false);
  });

  it('refuses a key file readable by others', async () => {
    openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }).close();
    fs.chmodSync(at.keyPath, 0o644);
    expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheMissingKey');
  });

  it('reports a plain SQLite file or a random file as cacheNotADatabase, untouched', async () => {
    const plain = new Database(at.dbPath);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    const before = snapshot(at.dbPath);
    expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheNotADatabase');
    expect(snapshot(at.dbPath)).toEqual(before);
    fs.writeFileSync(at.dbPath, 'hello, not a database');
    expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheNotADatabase');
  });

  it('rekey keeps every row and the old key stops working', async () => {
    const cache = openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath), lock: 'exclusive' });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    const before = cache.patients.summary('p-child', ctx);
    const newKeyPath = path.join(at.dir, 'new.key');
    cache.store.rekey(keyFileProvider(newKeyPath));
    expect(cache.patients.summary('p-child', ctx)).toEqual(before);
    cache.close();
    expect(fs.statSync(newKeyPath).mode & 0o777).toBe(0o600);
    expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheWrongKey');
    const reopened = openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(newKeyPath) });
    expect(reopened.patients.summary('p-child', ctx)).toEqual(before);
    expect(reopened.store.stats().patients).toBe(3);
    expect(reopened.audit.verify().ok).toBe(true);
    reopened.close();
  });

  it('reports a store locked by another writer as cacheLocked', async () => {
    openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }).close();
    const key = Buffer.from(fs.readFileSync(at.keyPath, 'utf8').trim(), 'hex');
    const holder = new Database(at.dbPath);
    holder.pragma(`cipher='sqlcipher'`);
    holder.pragma('legacy=4');
    holder.pragma(`key="x'${key.toString('hex')}'"`);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheLocked');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
