/**
 * Test data in the real HAPI FHIR server: unmodified Synthea bundles (the shared real-data set) and the
 * project's generated patients, loaded through the FHIR client and found again by search.
 */
import type { Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { seedGenerated, seedSynthea, syntheaPresent, syntheaSkipReason } from './seed';

const info = fhirServerInfo();
const SEED_TIMEOUT_MS = 240_000;

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'seeding the real HAPI FHIR server' : `seeding: SKIPPED, ${info.reason}`, () => {
  let client: FhirClient;
  beforeAll(async () => {
    client = new FhirClient({ baseUrl: await waitForFhirServer(info), timeoutMs: 120_000 });
  }, FHIR_READY_TIMEOUT_MS + 10_000);

  it.skipIf(!syntheaPresent)(
    syntheaPresent ? 'Synthea patients load as transactions and are found by name and birth date' : `Synthea: ${syntheaSkipReason}`,
    async () => {
      const seeded = await seedSynthea(client, 3);
      expect(seeded).toHaveLength(3);
      for (const p of seeded) {
        const found = await client.search<Patient>('Patient', { family: p.family, given: p.given, birthdate: p.birthDate });
        expect(
          found.resources.map((r) => r.id),
          p.syntheaId,
        ).toContain(p.id);
      }
      // Seeding again sends nothing new: still one patient per Synthea identifier.
      const again = await seedSynthea(client, 3);
      expect(again.map((p) => p.id)).toEqual(seeded.map((p) => p.id));
      const one = await client.search('Patient', { identifier: `https://github.com/synthetichealth/synthea|${seeded[0]!.syntheaId}` });
      expect(one.resources).toHaveLength(1);
      // The bundle's clinical resources came with the patient.
      const encounters = await client.search('Encounter', { patient: `Patient/${seeded[0]!.id}`, _count: 50 }, { maxPages: 5 });
      expect(encounters.resources.length).toBeGreaterThan(0);
    },
    SEED_TIMEOUT_MS,
  );

  it(
    'generated patients load with their own ids and read back whole',
    async () => {
      const resources = await seedGenerated(client, 6, 'ehr-seed');
      const patients = resources.filter((r): r is Patient => r.resourceType === 'Patient');
      expect(patients.length).toBe(6);
      for (const p of patients) {
        const back = await client.read<Patient>('Patient', p.id!);
        expect(back.name).toEqual(p.name);
        expect(back.birthDate).toBe(p.birthDate);
      }
      const related = resources.filter((r) => r.resourceType === 'RelatedPerson');
      for (const r of related) await expect(client.read('RelatedPerson', r.id!)).resolves.toMatchObject({ id: r.id });
    },
    SEED_TIMEOUT_MS,
  );
});
