import { describe, expect, it } from 'vitest';
import { generateResources } from '../../../electron/cache/synthetic/generator';
import { Prng } from '../../../electron/cache/synthetic/prng';
import { validateResource } from '../../../electron/cache/fhir/validate';
import { owningPatientId } from '../../../electron/cache/fhir/references';
import { SUPPORTED_RESOURCE_TYPES } from '../../../electron/cache/fhir/resources';

describe('seeded synthetic data', () => {
  it('the PRNG is deterministic per seed and roughly uniform', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(Array.from({ length: 10_000 }, () => b.next())).toEqual(xs);
    expect(new Prng(43).next()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('same seed, same resources; another seed, other resources', () => {
    const one = JSON.stringify([...generateResources({ patients: 200, seed: 9 })]);
    expect(JSON.stringify([...generateResources({ patients: 200, seed: 9 })])).toBe(one);
    expect(JSON.stringify([...generateResources({ patients: 200, seed: 10 })])).not.toBe(one);
  });

  it('makes exactly N valid patients with every supported type, families, minors, proxies with and without consent', () => {
    const resources = [...generateResources({ patients: 2000, seed: 1 })];
    const invalid = resources.map(validateResource).filter((v) => !v.ok);
    expect(invalid).toEqual([]);
    const types = new Set(resources.map((r) => r.resourceType));
    expect([...types].sort()).toEqual([...SUPPORTED_RESOURCE_TYPES].sort());
    const patients = resources.filter((r) => r.resourceType === 'Patient');
    expect(patients).toHaveLength(2000);
    expect(new Set(resources.map((r) => `${r.resourceType}/${r.id}`)).size).toBe(resources.length);
    expect(resources.every((r) => owningPatientId(r) !== null)).toBe(true);

    const homePhones = new Map<string, number>();
    for (const p of patients) {
      const home = (p.telecom as { use: string; value: string }[]).find((t) => t.use === 'home')!.value;
      homePhones.set(home, (homePhones.get(home) ?? 0) + 1);
    }
    expect([...homePhones.values()].filter((n) => n >= 3).length).toBeGreaterThan(50);
    expect(patients.filter((p) => String(p.birthDate) > '2009-06-01').length).toBeGreaterThan(100);
    const consentedProxies = new Set(
      resources
        .filter((r) => r.resourceType === 'Consent')
        .map((c) => JSON.stringify(c.provision))
        .values(),
    );
    const proxies = resources.filter((r) => r.resourceType === 'RelatedPerson').length;
    expect(consentedProxies.size).toBeGreaterThan(100);
    expect(proxies).toBeGreaterThan(consentedProxies.size);
    const languages = new Set(patients.map((p) => (p.communication as { language: { coding: { code: string }[] } }[])[0]!.language.coding[0]!.code));
    expect([...languages].sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'zh']);
  });

  it('streams: a million-patient generator yields its first resources without building the set', () => {
    const it = generateResources({ patients: 1_000_000 });
    const first: unknown = it.next().value;
    expect(first).toMatchObject({ resourceType: 'Patient', id: 'pat-0000001' });
  });
});
