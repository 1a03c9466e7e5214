/**
 * Loads test data into the test FHIR server through the real client: unmodified Synthea bundles from the shared
 * real-data set (beside the checkout, never copied into it) and patients from the project's own generator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, BundleEntry, FhirResource, Patient } from 'fhir/r4';
import type { FhirClient } from '../../../electron/ehr/fhir-client';
import { generateResources } from '../../../electron/cache/synthetic/generator';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Beside the checkout; CAREFRONT_SYNTHEA_DIR names it elsewhere (a checkout in a git worktree). */
export const SYNTHEA_DIR = process.env.CAREFRONT_SYNTHEA_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'testdata', 'real-fhir', 'synthea');
export const syntheaPresent = fs.existsSync(SYNTHEA_DIR);
export const syntheaSkipReason = `SKIPPED: ${SYNTHEA_DIR} is absent (the shared test data sits beside the checkout)`;
const SYNTHEA_ID_SYSTEM = 'https://github.com/synthetichealth/synthea';

export interface SeededPatient {
  /** The id the server gave the patient. */
  id: string;
  syntheaId: string;
  family: string;
  given: string;
  birthDate: string;
}

/**
 * The Synthea patient bundles, smallest first (so a bounded seed stays quick). Synthea's shared hospital and
 * practitioner bundles are left out: they are plain creates (sending them twice would duplicate), and the test
 * server makes a placeholder for a practitioner, organisation or location a patient's bundle refers to.
 */
export function syntheaFiles(): string[] {
  const files: string[] = [];
  for (const sub of fs.readdirSync(SYNTHEA_DIR).sort()) {
    const dir = path.join(SYNTHEA_DIR, sub);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.json') && !/^(hospital|practitioner)Information/.test(f)) files.push(path.join(dir, f));
  }
  return files.sort((a, b) => fs.statSync(a).size - fs.statSync(b).size);
}

/**
 * Sends up to `limit` Synthea transaction bundles as they are (smallest first). A bundle whose patient the
 * server already holds (by its Synthea identifier) is not sent again, so seeding twice adds nothing.
 */
export async function seedSynthea(client: FhirClient, limit: number): Promise<SeededPatient[]> {
  const seeded: SeededPatient[] = [];
  for (const file of syntheaFiles().slice(0, limit)) {
    const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
    const patient = bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as Patient | undefined;
    const syntheaId = patient?.identifier?.find((i) => i.system === SYNTHEA_ID_SYSTEM)?.value;
    if (!patient || !syntheaId) throw new Error(`${path.basename(file)}: no Patient with a Synthea identifier`);
    const found = await client.search<Patient>('Patient', { identifier: `${SYNTHEA_ID_SYSTEM}|${syntheaId}` });
    let id = found.resources[0]?.id;
    if (!id) {
      const answer = await client.transaction(bundle);
      const index = bundle.entry!.findIndex((e) => e.resource === patient);
      id = /Patient\/([^/]+)/.exec(answer.entry?.[index]?.response?.location ?? '')?.[1];
      if (!id) throw new Error(`${path.basename(file)}: the server did not say where it put the patient`);
    }
    const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
    seeded.push({ id, syntheaId, family: name?.family ?? '', given: name?.given?.[0] ?? '', birthDate: patient.birthDate ?? '' });
  }
  return seeded;
}

/**
 * Writes the generator's patients (and everything that comes with them) with their own ids, as one transaction
 * of updates: seeding twice only adds versions, never duplicates.
 */
export async function seedGenerated(client: FhirClient, patients: number, seed: number | string): Promise<FhirResource[]> {
  const resources = [...generateResources({ patients, seed })] as unknown as FhirResource[];
  const entry: BundleEntry[] = resources.map((resource) => ({
    fullUrl: `${resource.resourceType}/${resource.id}`,
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
  }));
  await client.transaction({ resourceType: 'Bundle', type: 'transaction', entry });
  return resources;
}
