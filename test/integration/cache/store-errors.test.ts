import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../shared/errors';
import { keyFileProvider } from '../../../electron/cache';
import { ctx, fixture, openTestStore, useStorePaths, codedErrorOf } from './helpers';

describe('the store: clear coded errors, nothing replaced or lost', () => {
  const at = useStorePaths('s.db', 's.key');

  it('a zero-byte file at the store path is refused (cacheEmptyFile), not replaced by a new store', async () => {
    fs.writeFileSync(at.dbPath, '');
    expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheEmptyFile');
    expect(fs.statSync(at.dbPath).size).toBe(0);
    expect(fs.existsSync(at.keyPath)).toBe(false);
  });

  it('a dangling key-file symlink is cacheKeyUnreadable, for a new store and for an existing one', async () => {
    fs.symlinkSync(path.join(at.dir, 'gone', 'real.key'), at.keyPath);
    expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheKeyUnreadable');
    expect(fs.existsSync(at.dbPath)).toBe(false);

    const other = path.join(at.dir, 'o.db');
    const realKey = path.join(at.dir, 'o.key');
    openTestStore({ path: other, keyProvider: keyFileProvider(realKey) }).close();
    const link = path.join(at.dir, 'link.key');
    fs.symlinkSync(path.join(at.dir, 'moved.key'), link);
    expect(await codedErrorOf(() => openTestStore({ path: other, keyProvider: keyFileProvider(link) }))).toBe('cacheKeyUnreadable');
  });

  it('a directory or a dangling symlink at the store path is cacheIoError, and nothing is created', async () => {
    fs.mkdirSync(at.dbPath);
    expect(await codedErrorOf(() => openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheIoError');
    const dangling = path.join(at.dir, 'd.db');
    fs.symlinkSync(path.join(at.dir, 'nowhere', 'x.db'), dangling);
    expect(await codedErrorOf(() => openTestStore({ path: dangling, keyProvider: keyFileProvider(at.keyPath) }))).toBe('cacheIoError');
    expect(fs.existsSync(path.join(at.dir, 'nowhere'))).toBe(false);
  });

  it('a full disk (SQLITE_FULL) is cacheDiskFull for reads that audit and for imports; nothing committed is lost', async () => {
    const cache = openTestStore({ path: at.dbPath, keyProvider: keyFileProvider(at.keyPath) });
    try {
      await cache.imports.importFiles([fixture('family.ndjson')]);
      const db = cache.store.connection();
      const pages = db.pragma('page_count', { simple: true }) as number;
      const head = cache.audit.head().seq;
      db.pragma(`max_page_count = ${pages}`);
      // Fill the last free pages, then every write needs a new page.
      let filled = 0;
      try {
        for (;;) {
          cache.patients.lookupByPhone('(617) 555-0142', ctx);
          filled += 1;
          if (filled > 100_000) throw new Error('the store never filled up');
        }
      } catch (err) {
        expect(err).toBeInstanceOf(CodedError);
        expect((err as CodedError).code).toBe('cacheDiskFull');
      }
      expect(await codedErrorOf(() => cache.patients.lookupByPhone('(617) 555-0142', ctx))).toBe('cacheDiskFull');
      expect(await codedErrorOf(() => cache.imports.importFiles([fixture('bundle.json')]))).toBe('cacheDiskFull');
      db.pragma('max_page_count = 1073741823');
      // Every read that returned data has its audit row; the failed ones wrote none and returned nothing.
      expect(cache.audit.head().seq).toBeGreaterThanOrEqual(head + filled);
      expect(cache.store.stats().patients).toBe(3);
      expect(cache.patients.lookupByPhone('(617) 555-0142', ctx)).toHaveLength(3);
      expect(cache.audit.verify()).toMatchObject({ ok: true });
    } finally {
      cache.close();
    }
  });
});
