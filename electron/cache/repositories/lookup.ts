/** Finding patients: by caller phone number (E.164, ranked), by name + date of birth, by name alone, by MRN. */
import type { PatientMatch } from '../../../shared/domain/patient';
import type { Db } from '../connection';
import { normaliseName } from '../fhir/index-keys';
import { mrnCandidates } from './mrn-query';

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
  /** Every patient whose names hold each word said (as a whole word or its beginning), whatever the date of birth. */
  byName(name: string): PatientMatch[];
  /** The MRN as typed (any case, spaces, an "MRN" prefix): the first reading that finds someone. */
  byMrn(mrn: string): PatientMatch[];
}

export function createPatientLookup(db: Db): PatientLookup {
  const phoneQuery = db.prepare<[string], PhoneRow>(`
    SELECT ph.type, ph.id AS owner_id, ph.patient_id, ph.score, ph.owner_name, ph.relationship, p.name, p.birth_date, p.mrn
    FROM phone_index ph
    JOIN patient_index p ON p.id = ph.patient_id
    WHERE ph.e164 = ?`);
  const byBirthDate = db.prepare<[string], PatientRow>('SELECT id, name, name_norm, birth_date, mrn FROM patient_index WHERE birth_date = ?');
  const byMrnQuery = db.prepare<[string], PatientRow>('SELECT id, name, name_norm, birth_date, mrn FROM patient_index WHERE mrn = ? COLLATE NOCASE');
  // The names are in no index: one pass over the patients whose words hold the longest word said (LIKE: ASCII case-blind).
  const byNameWord = db.prepare<[string], PatientRow>(
    `SELECT id, name, name_norm, birth_date, mrn FROM patient_index WHERE (' ' || name_norm) LIKE ? ESCAPE '\\'`,
  );

  const patientMatch = (r: PatientRow, rank: number): PatientMatch => ({
    patientId: r.id,
    name: r.name,
    birthDate: r.birth_date,
    mrn: r.mrn,
    via: 'patient',
    rank,
  });

  /** Whether a patient's name words hold every word said, and whether exactly (a whole word each, the shown name in full). */
  const nameFits = (r: PatientRow, wanted: readonly string[]): 'exact' | 'partial' | null => {
    const tokens = r.name_norm.split(' ');
    if (!wanted.every((w) => tokens.some((t) => t.startsWith(w)))) return null;
    // name_norm holds the words of every name on file: exact when each word said is a whole word on file and the shown name is said in full.
    const shown = normaliseName(r.name).split(' ').filter(Boolean);
    return wanted.every((w) => tokens.includes(w)) && shown.every((w) => wanted.includes(w)) ? 'exact' : 'partial';
  };
  const ranked = (rows: PatientRow[], wanted: readonly string[]): PatientMatch[] =>
    rows
      .flatMap((r) => {
        const fit = nameFits(r, wanted);
        return fit ? [patientMatch(r, fit === 'exact' ? 100 : 80)] : [];
      })
      .sort(byRank);

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
      return ranked(byBirthDate.all(birthDate), wanted);
    },
    byName(name) {
      const wanted = normaliseName(name).split(' ').filter(Boolean);
      const longest = wanted.reduce((a, b) => (b.length > a.length ? b : a), '');
      if (!longest) return [];
      return ranked(byNameWord.all(`% ${longest.replace(/[\\%_]/g, (c) => `\\${c}`)}%`), wanted);
    },
    byMrn(mrn) {
      for (const candidate of mrnCandidates(mrn)) {
        const found = byMrnQuery.all(candidate).map((r) => patientMatch(r, 100));
        if (found.length > 0) return found.sort(byRank);
      }
      return [];
    },
  };
}
