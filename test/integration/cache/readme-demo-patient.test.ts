// The README names a demo patient (phone and MRN) for a newcomer to search for and call from: it
// must be what the app's demo store holds, on any day (the generator is seeded; only dates move).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoStore, generateResources, keyFileProvider } from '../../../electron/cache';
import { ctx, REPO_ROOT, tempDir, type TestStore, withRepositories } from './helpers';
import { ifSetUp } from '../../if-set-up';

const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const named = /demo patient \*\*([^*]+)\*\* \(MRN `([^`]+)`, mobile `([^`]+)`\)/.exec(readme);

describe('the demo patient the README names', () => {
  let cleanup: () => void;
  let cache: TestStore;
  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    // Exactly how the app seeds its demo store (the app's default size is larger; the first patients are the same).
    cache = withRepositories(
      await ensureDemoStore({ dbPath: path.join(dir, 'demo.db'), keyProvider: keyFileProvider(path.join(dir, 'demo.key')), patients: 20 }),
    );
  });
  afterAll(() => {
    ifSetUp(cache, (c) => {
      c.close();
    });
    ifSetUp(cleanup, (c) => {
      c();
    });
  });

  it('is named with an MRN and a phone number', () => {
    expect(named, 'README: "demo patient **Name** (MRN `…`, mobile `…`)"').not.toBeNull();
  });

  it('is found in the demo store by that number (alone: their own mobile) and by that MRN', () => {
    const [, name, mrn, phone] = named!;
    expect(cache.patients.lookupByPhone(phone!, ctx).map((m) => [m.name, m.mrn, m.via])).toEqual([[name, mrn, 'patient']]);
    expect(cache.patients.findByMrn(mrn!, ctx).map((m) => m.name)).toEqual([name]);
  });

  it('the family phone it names pops the two people it says', () => {
    const family = /home phone\s+`([^`]+)` is a family phone: it pops her and ([^,]+),/.exec(readme);
    expect(family).not.toBeNull();
    expect(
      cache.patients
        .lookupByPhone(family![1]!, ctx)
        .map((m) => m.name)
        .sort(),
    ).toEqual([named![1], family![2]].sort());
  });

  it('is the same person with the same numbers whatever the day the store is created', () => {
    const [, name, mrn, phone] = named!;
    for (const today of ['2026-01-01', '2030-07-15']) {
      const p = [...generateResources({ patients: 20, today })].find(
        (r) => r.resourceType === 'Patient' && (r.identifier as { value: string }[])[0]!.value === mrn,
      ) as unknown as {
        name: { given: string[]; family: string }[];
        telecom: { value: string }[];
      };
      expect(`${p.name[0]!.given.join(' ')} ${p.name[0]!.family}`).toBe(name);
      expect(p.telecom.map((t) => t.value)).toContain(phone);
    }
  });
});
