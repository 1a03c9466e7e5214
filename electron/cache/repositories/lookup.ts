/** Finding patients: by caller phone number (E.164, ranked), by name + date of birth, by MRN. */
import type { PatientMatch } from '../../../shared/domain/patient';
import type { Db } from '../connection';
import { normaliseName } from '../fhir/index-keys';

interface PhoneRow {
  type: 'Patient' | 'RelatedPerson';
  owner_id: string;
  patient_id: string;
  score: number;
  name: string;
  birth_date: string | null;
  mrn: string | null;
  owner_name: string | null;
  relationship: string | null;
}

interface PatientRow {
  id: string;
  name: string;
  name_norm: string;
  birth_date: string | null;
  mrn: string | null;
}

const byRank = (a: PatientMatch, b: PatientMatch): number => b.rank - a.rank || a.name.localeCompare(b.name) || a.patientId.localeCompare(b.patientId);

export interface PatientLookup {
  byPhone(e164: string): PatientMatch[];
  byNameAndBirthDate(name: string, birthDate: string): PatientMatch[];
  byMrn(mrn: string): PatientMatch[];
}

export function createPatientLookup(db: Db): PatientLookup {
  const phoneQuery = db.prepare<[string], PhoneRow>(`
    SELECT ph.type, ph.id AS owner_id, ph.patient_id, ph.score, ph.owner_name, ph.relationship, p.name, p.birth_date, p.mrn
    FROM phone_index ph
    JOIN patient_index p ON p.id = ph.patient_id
    WHERE ph.e164 = ?`);
  const byBirthDate = db.prepare<[string], PatientRow>('SELECT id, name, name_norm, birth_date, mrn FROM patient_index WHERE birth_date = ?');
  const byMrnQuery = db.prepare<[string], PatientRow>('SELECT id, name, name_norm, birth_date, mrn FROM patient_index WHERE mrn = ?');

  const patientMatch = (r: PatientRow, rank: number): PatientMatch => ({
    patientId: r.id,
    name: r.name,
    birthDate: r.birth_date,
    mrn: r.mrn,
    via: 'patient',
    rank,
  });

  return {
    byPhone(e164) {
      return phoneQuery
        .all(e164)
        .map((r): PatientMatch => {
          const base = { patientId: r.patient_id, name: r.name, birthDate: r.birth_date, mrn: r.mrn, rank: r.score };
          if (r.type === 'Patient') return { ...base, via: 'patient' };
          return {
            ...base,
            via: 'relatedPerson',
            relatedPersonId: r.owner_id,
            relatedPersonName: r.owner_name ?? '',
            ...(r.relationship ? { relationship: r.relationship } : {}),
          };
        })
        .sort(byRank);
    },
    byNameAndBirthDate(name, birthDate) {
      const wanted = normaliseName(name).split(' ').filter(Boolean);
      if (wanted.length === 0) return [];
      return byBirthDate
        .all(birthDate)
        .flatMap((r) => {
          const tokens = r.name_norm.split(' ');
          if (!wanted.every((w) => tokens.some((t) => t.startsWith(w)))) return [];
          // name_norm holds the words of every name on file: exact when each word said is a whole word on file and the shown name is said in full.
          const shown = normaliseName(r.name).split(' ').filter(Boolean);
          const exact = wanted.every((w) => tokens.includes(w)) && shown.every((w) => wanted.includes(w));
          return [patientMatch(r, exact ? 100 : 80)];
        })
        .sort(byRank);
    },
    byMrn(mrn) {
      return byMrnQuery
        .all(mrn.trim())
        .map((r) => patientMatch(r, 100))
        .sort(byRank);
    },
  };
}
