/** What the lookup indexes hold for a resource: patients' search keys and ranked phone numbers. */
import { foldName, visibleName } from '../../../shared/domain/names';
import { toE164, type Region } from '../phone';
import type { ContactPoint, Identifier, NameOnRecord, Patient, RelatedPerson } from './resources';

export interface PatientKeys {
  id: string;
  mrn: string | null;
  name: string;
  nameNorm: string;
  birthDate: string | null;
  deceased: boolean;
}

export interface PhoneKey {
  e164: string;
  score: number;
}

/** Lower case, no diacritics, no invisible characters, single spaces: how names are compared. */
export const normaliseName = foldName;

/** One HumanName as written: its text, else given names then family. */
const nameText = (name: NameOnRecord): string => name.text ?? [...(name.given ?? []), name.family ?? ''].filter(Boolean).join(' ');

/** The name the page shows (official, else the first), as its visible letters; the resource keeps the original. */
export function displayName(names: readonly NameOnRecord[] | undefined): string {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  return name ? visibleName(nameText(name)) : '';
}

/**
 * Every name a person is on file under (official, usual, maiden, other scripts; text and the
 * given+family form when they differ), visible letters, without repeats: what a caller may say.
 */
export function allNames(names: readonly NameOnRecord[] | undefined): string[] {
  const out = new Set<string>();
  for (const n of names ?? []) {
    if (n.use === 'old') continue;
    for (const s of [n.text, [...(n.given ?? []), n.family ?? ''].filter(Boolean).join(' ')]) {
      const v = s ? visibleName(s) : '';
      if (v) out.add(v);
    }
  }
  return [...out];
}

export function medicalRecordNumber(identifiers: Identifier[] | undefined): string | null {
  const mr = identifiers?.find((i) => i.type?.coding?.some((c) => c.code === 'MR'));
  return (mr ?? identifiers?.[0])?.value ?? null;
}

export const isDeceased = (p: Patient): boolean => p.deceasedBoolean === true || typeof p.deceasedDateTime === 'string';

export function patientKeys(p: Patient): PatientKeys {
  const name = displayName(p.name);
  // Searchable under every name on file (each script, usual, maiden): its words, each once, the shown name's first.
  const nameNorm = [...new Set([name, ...allNames(p.name)].flatMap((n) => normaliseName(n).split(' ')).filter(Boolean))].join(' ');
  return { id: p.id, mrn: medicalRecordNumber(p.identifier), name, nameNorm, birthDate: p.birthDate ?? null, deceased: isDeceased(p) };
}

function contactScore(cp: ContactPoint): number {
  let score = 0;
  if (cp.use === 'mobile' || cp.use === 'home') score += 5;
  if (cp.use === 'old') score -= 40;
  if (typeof cp.rank === 'number') score -= Math.min(cp.rank, 9);
  return score;
}

function phoneKeys(telecom: ContactPoint[] | undefined, base: number, region: Region): PhoneKey[] {
  const best = new Map<string, number>();
  for (const cp of telecom ?? []) {
    if (cp.system !== 'phone' && cp.system !== 'sms') continue;
    const e164 = cp.value ? toE164(cp.value, region) : null;
    if (!e164) continue;
    const score = base + contactScore(cp);
    best.set(e164, Math.max(best.get(e164) ?? -Infinity, score));
  }
  return [...best].map(([e164, score]) => ({ e164, score }));
}

/** Ranking: a patient's own number beats a related person's; deceased patients and inactive proxies sink. */
export const patientPhoneKeys = (p: Patient, region: Region): PhoneKey[] => phoneKeys(p.telecom, isDeceased(p) ? 40 : 100, region);

export const relatedPersonPhoneKeys = (rp: RelatedPerson, region: Region): PhoneKey[] => phoneKeys(rp.telecom, rp.active === false ? 20 : 60, region);
