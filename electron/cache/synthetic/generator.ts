/**
 * Seeded synthetic FHIR R4 data: households sharing a home phone, adults with their own mobiles,
 * minors with parents as RelatedPersons (some with a Consent on file, some without), elderly patients
 * with adult-child proxies, flags, appointments, coverage, accounts, invoices, encounters and
 * communications. A generator: it scales to millions of patients without holding them in memory.
 */
import { booleanValue, INTERPRETER_REQUIRED_URL, simpleExtension } from '../fhir/extensions';
import { RESTRICTED_LABEL } from '../fhir/mapping';
import type { AnyResource } from '../fhir/resources';
import { CULTURE_WEIGHTS, CULTURES, type Culture } from './names';
import { Prng } from './prng';
import { must } from '../../../shared/must';

export interface GeneratorOptions {
  patients: number;
  seed?: number | string;
  /** The generator's "today" (YYYY-MM-DD): ages and appointment dates are relative to it. */
  today?: string;
}

export const DEFAULT_SEED = 20260101;
const DEFAULT_TODAY = '2026-06-01';
const AREA_CODES = ['201', '212', '213', '305', '312', '313', '415', '617', '646', '702', '713', '718', '773', '786', '818', '917'];
const PAYORS = ['Blue Shield of Nowhere', 'Acme Health Plan', 'Medicare Part B', 'Medicaid (State)', 'United Example Care', 'Harbor Health HMO'];
const SERVICES = ['Primary care', 'Cardiology', 'Dermatology', 'Pediatrics', 'Orthopedics', 'Ophthalmology', 'Physical therapy', 'Vaccination'];
const PRACTITIONERS = ['Dr. Alice Chen', 'Dr. Robert Okafor', 'Dr. Priya Natarajan', 'Dr. Miguel Alvarez', 'Dr. Sarah Goldberg', 'Dr. Hans Becker'];
const LOCATIONS = ['Main Campus, Building A', 'Riverside Clinic', 'Northgate Health Center', 'Downtown Outpatient'];
const REFERRALS = ['Referral to cardiology', 'MRI knee', 'Physical therapy evaluation', 'Sleep study', 'Allergy testing', 'Dermatology consult'];
const FLAGS: { category: string; text: string }[] = [
  { category: 'safety', text: 'Verbal aggression reported: two staff on calls' },
  { category: 'clinical', text: 'Hard of hearing: speak slowly, offer relay' },
  { category: 'admin', text: 'Address unverified: confirm before mailing' },
  { category: 'behavioral', text: 'Fall risk' },
  { category: 'admin', text: 'Billing dispute open' },
];
const COMMUNICATIONS = ['Appointment reminder sent', 'Lab results ready', 'Billing statement question', 'Prescription refill request', 'Callback requested'];
const ENCOUNTER_REASONS = ['Annual checkup', 'Follow-up visit', 'Flu symptoms', 'Back pain', 'Vaccination', 'Blood pressure check'];

function pickCulture(rng: Prng): Culture {
  let x = rng.next();
  for (const [i, culture] of CULTURES.entries()) {
    x -= must(CULTURE_WEIGHTS[i], `the weight of culture ${i}`);
    if (x < 0) return culture;
  }
  // The weights sum to 1 up to rounding: what rounding leaves over goes to the first culture.
  return must(CULTURES[0], 'a culture');
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const isoDay = (base: Date, offsetDays: number): string => new Date(base.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const phoneNumber = (rng: Prng): string => `(${rng.pick(AREA_CODES)}) ${rng.int(200, 989)}-${pad(rng.int(0, 9999), 4)}`;
const money = (value: number) => ({ value: Math.round(value * 100) / 100, currency: 'USD' });
const ref = (type: string, id: string, display?: string) => (display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` });

interface Person {
  id: string;
  given: string;
  family: string;
  gender: 'female' | 'male';
  birthDate: string;
  mobile: string | null;
}

/** Yields FHIR resources for `patients` patients, household by household, deterministically. */
export function* generateResources(options: GeneratorOptions): Generator<AnyResource> {
  const rng = new Prng(options.seed ?? DEFAULT_SEED);
  const today = new Date(`${options.today ?? DEFAULT_TODAY}T00:00:00Z`);
  let made = 0;
  while (made < options.patients) {
    const culture = pickCulture(rng);
    const family = rng.pick(culture.family);
    const homePhone = phoneNumber(rng);
    const address = `${rng.int(1, 9999)} ${rng.pick(culture.streets)}, ${rng.pick(culture.cities)}`;
    const size = Math.min(options.patients - made, rng.pick([1, 1, 1, 2, 2, 3, 4]));
    const members: Person[] = [];
    for (let m = 0; m < size; m++) {
      made += 1;
      const gender = rng.chance(0.5) ? 'female' : 'male';
      const minor = m >= 2 || (m === 1 && size > 2 && rng.chance(0.3));
      // Parents of minors are of parenting age; other adults span 19 to 95.
      const ageDays = minor ? rng.int(200, 17 * 365) : size > 2 ? rng.int(24 * 365, 55 * 365) : rng.int(19 * 365, 95 * 365);
      members.push({
        id: `pat-${pad(made, 7)}`,
        given: rng.pick(gender === 'female' ? culture.female : culture.male),
        family,
        gender,
        birthDate: isoDay(today, -ageDays),
        mobile: !minor && rng.chance(0.7) ? phoneNumber(rng) : null,
      });
    }
    const adults = members.filter((p) => ageOf(p, today) >= 18);
    for (const person of members) {
      yield* patientResources(rng, person, { culture, homePhone, address, adults, today, n: Number(person.id.slice(4)) });
    }
  }
}

const ageOf = (p: Person, today: Date): number => (today.getTime() - new Date(`${p.birthDate}T00:00:00Z`).getTime()) / (365.25 * 86_400_000);

interface HouseholdContext {
  culture: Culture;
  homePhone: string;
  address: string;
  adults: Person[];
  today: Date;
  n: number;
}

function* patientResources(rng: Prng, p: Person, h: HouseholdContext): Generator<AnyResource> {
  const subject = ref('Patient', p.id, `${p.given} ${p.family}`);
  const age = ageOf(p, h.today);
  const telecom = [{ system: 'phone', value: h.homePhone, use: 'home' }];
  if (p.mobile) telecom.push({ system: 'phone', value: p.mobile, use: 'mobile' });
  const interpreter = rng.chance(h.culture.interpreterShare);
  const deceased = age > 70 && rng.chance(0.03);
  yield {
    resourceType: 'Patient',
    id: p.id,
    identifier: [
      { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:carefront:mrn', value: `MRN${pad(h.n, 8)}` },
    ],
    name: [{ use: 'official', family: p.family, given: [p.given] }],
    telecom,
    gender: p.gender,
    birthDate: p.birthDate,
    ...(deceased ? { deceasedBoolean: true } : {}),
    address: [{ text: h.address }],
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: h.culture.language, display: h.culture.languageDisplay }] }, preferred: true }],
    ...(interpreter ? { extension: [simpleExtension(INTERPRETER_REQUIRED_URL, booleanValue(true))] } : {}),
  };

  // Proxies: parents for minors; an adult child for some elderly patients. Some have consent, some not.
  const proxies: { person: Person | null; relationship: string; display: string; phone: string }[] = [];
  if (age < 18) {
    for (const parent of h.adults.slice(0, 2)) {
      proxies.push({
        person: parent,
        relationship: parent.gender === 'female' ? 'MTH' : 'FTH',
        display: parent.gender === 'female' ? 'mother' : 'father',
        phone: parent.mobile ?? h.homePhone,
      });
    }
  } else if (age > 75 && rng.chance(0.4)) {
    proxies.push({ person: null, relationship: 'CHILD', display: 'child', phone: phoneNumber(rng) });
  }
  for (const [k, proxy] of proxies.entries()) {
    const rpId = `rp-${pad(h.n, 7)}-${k + 1}`;
    const given = proxy.person?.given ?? rng.pick(rng.chance(0.5) ? h.culture.female : h.culture.male);
    yield {
      resourceType: 'RelatedPerson',
      id: rpId,
      active: true,
      patient: ref('Patient', p.id),
      relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: proxy.relationship, display: proxy.display }] }],
      name: [{ family: p.family, given: [given] }],
      telecom: [{ system: 'phone', value: proxy.phone, use: proxy.person?.mobile ? 'mobile' : 'home' }],
      ...(proxy.person ? { birthDate: proxy.person.birthDate } : {}),
    };
    if (rng.chance(0.65)) {
      yield {
        resourceType: 'Consent',
        id: `consent-${pad(h.n, 7)}-${k + 1}`,
        status: rng.chance(0.9) ? 'active' : 'inactive',
        scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
        category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
        patient: ref('Patient', p.id),
        dateTime: isoDay(h.today, -rng.int(10, 900)),
        provision: {
          type: 'permit',
          period: { start: isoDay(h.today, -rng.int(30, 900)), ...(rng.chance(0.3) ? { end: isoDay(h.today, rng.int(-30, 400)) } : {}) },
          actor: [{ role: { coding: [{ code: 'AUT' }] }, reference: ref('RelatedPerson', rpId) }],
          action: rng.chance(0.5) ? [{ text: 'appointments' }, { text: 'billing' }] : [{ text: 'appointments' }, { text: 'billing' }, { text: 'clinical' }],
        },
      };
    }
  }

  if (rng.chance(0.9)) {
    yield {
      resourceType: 'Coverage',
      id: `cov-${pad(h.n, 7)}`,
      status: rng.chance(0.92) ? 'active' : 'cancelled',
      beneficiary: ref('Patient', p.id),
      subscriberId: `SUB${rng.int(100000, 999999)}`,
      payor: [{ display: rng.pick(PAYORS) }],
      class: [{ type: { coding: [{ code: 'plan' }] }, value: `PLN-${rng.int(10, 99)}`, name: rng.pick(['Gold PPO', 'Silver HMO', 'Bronze EPO', 'Standard']) }],
      period: { start: isoDay(h.today, -rng.int(30, 1500)) },
    };
  }
  const invoices = rng.int(0, 2);
  if (rng.chance(0.8)) {
    yield {
      resourceType: 'Account',
      id: `acct-${pad(h.n, 7)}`,
      status: 'active',
      name: 'Patient account',
      subject: [subject],
      balance: [{ amount: money(invoices ? rng.int(0, 250_000) / 100 : 0) }],
    };
  }
  for (let i = 1; i <= invoices; i++) {
    const gross = rng.int(2_000, 300_000) / 100;
    yield {
      resourceType: 'Invoice',
      id: `inv-${pad(h.n, 7)}-${i}`,
      status: rng.pick(['issued', 'issued', 'balanced']),
      subject,
      date: isoDay(h.today, -rng.int(1, 400)),
      totalGross: money(gross),
      totalNet: money(gross * rng.pick([1, 0.8, 0.2])),
    };
  }
  const appointments = rng.int(0, 2);
  for (let i = 1; i <= appointments; i++) {
    const day = isoDay(h.today, rng.int(-200, 120));
    const hour = pad(rng.int(8, 16), 2);
    yield {
      resourceType: 'Appointment',
      id: `appt-${pad(h.n, 7)}-${i}`,
      status: day >= isoDay(h.today, 0) ? 'booked' : rng.pick(['fulfilled', 'fulfilled', 'noshow', 'cancelled']),
      serviceType: [{ text: rng.pick(SERVICES) }],
      description: rng.pick(['Follow-up', 'New patient visit', 'Annual exam', 'Procedure']),
      start: `${day}T${hour}:00:00Z`,
      end: `${day}T${hour}:30:00Z`,
      participant: [
        { actor: ref('Patient', p.id), status: 'accepted' },
        { actor: { reference: `Practitioner/pr-${rng.int(1, 400)}`, display: rng.pick(PRACTITIONERS) }, status: 'accepted' },
        { actor: { reference: `Location/loc-${rng.int(1, 40)}`, display: rng.pick(LOCATIONS) }, status: 'accepted' },
      ],
    };
  }
  if (rng.chance(0.6)) {
    yield {
      resourceType: 'Encounter',
      id: `enc-${pad(h.n, 7)}`,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: rng.pick(['AMB', 'AMB', 'VR', 'EMER']) },
      subject: ref('Patient', p.id),
      period: { start: `${isoDay(h.today, -rng.int(1, 700))}T10:00:00Z` },
      reasonCode: [{ text: rng.pick(ENCOUNTER_REASONS) }],
    };
  }
  // Adolescents (12-17) may consent to some care themselves; its records carry security labels so
  // that parents and guardians do not see them. Chosen without the PRNG, so other data is unchanged.
  if (age >= 12 && age < 18) {
    const sensitive = h.n % 2 === 0 ? { code: 'SEX', display: 'sexual and reproductive health' } : { code: 'PSY', display: 'psychiatry' };
    yield {
      resourceType: 'Encounter',
      id: `enc-${pad(h.n, 7)}-c`,
      meta: {
        security: [{ ...RESTRICTED_LABEL }, { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', ...sensitive }],
      },
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: ref('Patient', p.id),
      period: { start: `${isoDay(h.today, -30 - (h.n % 200))}T15:00:00Z` },
      reasonCode: [{ text: h.n % 2 === 0 ? 'Adolescent health visit' : 'Counselling session' }],
    };
  }
  if (rng.chance(0.5)) {
    yield {
      resourceType: 'Communication',
      id: `comm-${pad(h.n, 7)}`,
      status: 'completed',
      subject: ref('Patient', p.id),
      category: [{ text: rng.pick(['phone call', 'sms', 'letter', 'portal message']) }],
      sent: `${isoDay(h.today, -rng.int(1, 300))}T14:00:00Z`,
      payload: [{ contentString: rng.pick(COMMUNICATIONS) }],
    };
  }
  if (rng.chance(0.25)) {
    yield {
      resourceType: 'ServiceRequest',
      id: `sr-${pad(h.n, 7)}`,
      status: rng.pick(['active', 'active', 'completed', 'on-hold']),
      intent: 'order',
      code: { text: rng.pick(REFERRALS) },
      subject: ref('Patient', p.id),
      authoredOn: isoDay(h.today, -rng.int(1, 120)),
      requester: { display: rng.pick(PRACTITIONERS) },
      performer: [{ display: rng.pick(LOCATIONS) }],
    };
  }
  if (rng.chance(0.08)) {
    const flag = rng.pick(FLAGS);
    yield {
      resourceType: 'Flag',
      id: `flag-${pad(h.n, 7)}`,
      status: 'active',
      category: [{ text: flag.category }],
      code: { text: flag.text },
      subject: ref('Patient', p.id),
      period: { start: isoDay(h.today, -rng.int(1, 500)) },
    };
  }
}
