import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateResources, keyFileProvider, toE164, writeNdjson } from '../../../electron/cache';
import type { Patient } from '../../../electron/cache/fhir/resources';
import { ctx, fixture, tempDir, openTestStore, type TestStore } from './helpers';

describe('nothing readable at rest', () => {
  let dir: string;
  let cleanup: () => void;
  let cache: TestStore;
  const needles = new Set([
    'Zyxwander',
    'Quorra',
    'Elowyn',
    'Vexlow',
    'MRN-FAM-001',
    '555-0142',
    '5550142',
    '+16175550142',
    '+16175550199',
    'Severe peanut allergy',
    'SUB-42',
  ]);

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    const dbPath = path.join(dir, 'store', 'p.db');
    cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(path.join(dir, 'keys', 'p.key')) });
    const generated = path.join(dir, 'gen.ndjson');
    writeNdjson(generated, generateResources({ patients: 300, seed: 'plaintext' }));
    for (const r of generateResources({ patients: 300, seed: 'plaintext' })) {
      if (r.resourceType !== 'Patient' || Number(r.id.slice(4)) % 30 !== 0) continue;
      const p = r as Patient;
      needles.add(p.name![0]!.family!.length >= 4 ? p.name![0]!.family! : `${p.name![0]!.given![0]} ${p.name![0]!.family}`);
      needles.add(p.identifier![0]!.value!);
      needles.add(toE164(p.telecom![0]!.value!)!);
    }
    await cache.imports.importFiles([fixture('family.ndjson'), generated]);
    fs.rmSync(generated);
    // Reads write audit rows: the WAL now holds fresh pages.
    cache.patients.lookupByPhone('(617) 555-0142', ctx);
    cache.patients.summary('p-child', ctx);
    cache.patients.searchByNameDob('Quorra Zyxwander', '1984-03-02', ctx);
  });
  afterAll(() => {
    cache.close();
    cleanup();
  });

  it('temporary tables and sorts stay in memory', () => {
    expect(cache.store.connection().pragma('temp_store', { simple: true })).toBe(2);
  });

  it('no patient name, phone or identifier appears in the database, its WAL, its shm or any file beside them', () => {
    const storeDir = path.join(dir, 'store');
    const files = fs.readdirSync(storeDir);
    expect(files).toContain('p.db-wal');
    expect(fs.statSync(path.join(storeDir, 'p.db-wal')).size).toBeGreaterThan(0);
    expect(needles.size).toBeGreaterThan(20);
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(storeDir, f));
      for (const needle of needles) {
        expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} in ${f}`).toBe(false);
        expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${needle} (utf16) in ${f}`).toBe(false);
      }
    }
  });

  it('and they are really there when read with the key (the test would catch them)', () => {
    expect(cache.patients.lookupByPhone('+16175550142', ctx).length).toBe(3);
    expect(cache.store.stats().patients).toBe(303);
  });
});
