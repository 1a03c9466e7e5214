/** The unified patient view in one indexed query: the patient and every resource that points at them. */
import type { PatientSummary } from '../../../shared/domain/patient';
import type { Db } from '../connection';
import { buildSummary } from '../fhir/mapping';
import type { AnyResource, Patient } from '../fhir/resources';

/** The sections of a summary: the protected fields an audit row names. */
export const SUMMARY_FIELDS = [
  'demographics',
  'language',
  'appointments',
  'referrals',
  'coverage',
  'accounts',
  'invoices',
  'proxies',
  'flags',
  'history',
] as const;

export function createSummaryReader(db: Db): (patientId: string) => PatientSummary | null {
  const query = db.prepare<[string], { type: string; json: string }>('SELECT type, json FROM resource WHERE patient_id = ?');
  return (patientId) => {
    const rows = query.all(patientId);
    const patientRow = rows.find((r) => r.type === 'Patient');
    if (!patientRow) return null;
    const related = rows.filter((r) => r !== patientRow).map((r) => JSON.parse(r.json) as AnyResource);
    return buildSummary(JSON.parse(patientRow.json) as Patient, related);
  };
}
