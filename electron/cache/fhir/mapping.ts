/**
 * THE mapping from FHIR R4 resources to the views the renderer shows (shared/domain/patient.ts).
 * Every interpretation of a FHIR element for display lives here.
 */
import type {
  AccountView,
  AppointmentView,
  ContactHistoryView,
  CoverageView,
  FlagView,
  InvoiceView,
  PatientSummary,
  ProxyView,
  ReferralView,
} from '../../../shared/domain/patient';
import type { NameOnFile } from '../../../shared/verification/match';
import { visibleName } from '../../../shared/domain/names';
import { displayName, isDeceased, medicalRecordNumber } from './index-keys';
import { hasTrueExtension, INTERPRETER_REQUIRED_URL } from './extensions';
import { referenceId } from './references';
import { ofType, type NameOnRecord } from './resources';
import type { Address, AnyResource, CodeableConcept, Consent, ContactPoint, Money, Patient, Period, Reference, RelatedPerson } from './resources';

/** The code system of the disposition a wrap-up records (Communication.topic). */
export const DISPOSITION_SYSTEM = 'urn:carefront:disposition';

/**
 * Security labels (meta.security) that make a record sensitive: restricted or very restricted
 * confidentiality (v3-Confidentiality R, V) and the v3-ActCode sensitivity codes for care that
 * minors may consent to themselves and that is not shared without specific consent.
 */
/** The label that marks a record restricted (sensitive care, and the contacts about it). */
export const RESTRICTED_LABEL = { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' } as const;
const SENSITIVE_LABELS = new Set(['R', 'V', 'ETH', 'SUD', 'PSY', 'MH', 'BH', 'SDV', 'SEX', 'STD', 'HIV', 'GDIS', 'PREGNANT', 'TBOO']);
const isConfidential = (r: AnyResource): boolean =>
  ((r.meta as { security?: { code?: string }[] } | undefined)?.security ?? []).some((c) => typeof c.code === 'string' && SENSITIVE_LABELS.has(c.code));

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const conceptText = (c: CodeableConcept | undefined): string | null => c?.text ?? c?.coding?.[0]?.display ?? c?.coding?.[0]?.code ?? null;
const firstConcept = (cs: unknown): string | null => (Array.isArray(cs) ? conceptText(cs[0] as CodeableConcept) : null);
const refDisplay = (r: Reference | undefined): string | null => r?.display ?? r?.reference ?? null;
const period = (r: AnyResource, field = 'period'): Period => (r[field] as Period | undefined) ?? {};
const money = (m: unknown): Money => (m as Money | undefined) ?? {};
const phonesOf = (telecom: ContactPoint[] | undefined): string[] =>
  (telecom ?? []).flatMap((t) => ((t.system === 'phone' || t.system === 'sms') && t.value ? [t.value] : []));

const formatAddress = (a: Address | undefined): string | null => (a ? (a.text ?? [...(a.line ?? []), a.postalCode, a.city].filter(Boolean).join(', ')) : null);

export function toPatientDetails(p: Patient): PatientSummary['patient'] {
  const official = p.name?.find((n) => n.use === 'official') ?? p.name?.[0];
  const preferred = p.communication?.find((c) => c.preferred) ?? p.communication?.[0];
  const address = p.address?.[0];
  return {
    id: p.id,
    mrn: medicalRecordNumber(p.identifier),
    name: displayName(p.name),
    givenName: official?.given?.join(' ') ?? null,
    familyName: official?.family ?? null,
    birthDate: p.birthDate ?? null,
    gender: p.gender ?? null,
    phones: phonesOf(p.telecom),
    email: p.telecom?.find((t) => t.system === 'email')?.value ?? null,
    address: address ? (address.text ?? [...(address.line ?? []), address.postalCode, address.city].filter(Boolean).join(', ')) : null,
    preferredLanguage: preferred ? (preferred.language.coding?.[0]?.code ?? preferred.language.text ?? null) : null,
    interpreterNeeded: hasTrueExtension(p, INTERPRETER_REQUIRED_URL),
    deceased: isDeceased(p),
    names: namesOnFile(p),
  };
}

/**
 * Every name a person is on file under, for the identity check in main (never sent to the page):
 * official, usual, maiden and the same name in other scripts; not names marked `old`.
 */
export function namesOnFile(p: { resourceType?: string; id?: string; name?: readonly NameOnRecord[] | undefined }): NameOnFile[] {
  const visible = (s: string | undefined) => (s ? visibleName(s) || null : null);
  return (p.name ?? [])
    .filter((n) => n.use !== 'old')
    .map((n) => ({ given: visible(n.given?.join(' ')), family: visible(n.family), text: visible(n.text) }))
    .filter((n) => n.given || n.family || n.text);
}

function participantDisplay(r: AnyResource, type: string): string | null {
  const participants = (r.participant as { actor?: Reference }[] | undefined) ?? [];
  const actor = participants.find((p) => p.actor?.reference?.includes(`${type}/`))?.actor;
  return actor ? refDisplay(actor) : null;
}

export const toAppointmentView = (r: AnyResource): AppointmentView => ({
  id: r.id,
  version: str((r.meta as { versionId?: unknown } | undefined)?.versionId),
  status: String(r.status),
  start: str(r.start),
  end: str(r.end),
  description: str(r.description),
  serviceType: firstConcept(r.serviceType),
  practitioner: participantDisplay(r, 'Practitioner'),
  location: participantDisplay(r, 'Location'),
  confidential: isConfidential(r),
});

export const toReferralView = (r: AnyResource): ReferralView => ({
  id: r.id,
  version: str((r.meta as { versionId?: unknown } | undefined)?.versionId),
  status: String(r.status),
  intent: str(r.intent),
  code: conceptText(r.code as CodeableConcept | undefined),
  authoredOn: str(r.authoredOn),
  requester: refDisplay(r.requester as Reference | undefined),
  performer: Array.isArray(r.performer) ? refDisplay(r.performer[0] as Reference) : null,
  confidential: isConfidential(r),
});

export const toCoverageView = (r: AnyResource): CoverageView => ({
  id: r.id,
  status: String(r.status),
  payor: Array.isArray(r.payor) ? refDisplay(r.payor[0] as Reference) : null,
  plan: (r.class as { type?: CodeableConcept; value?: string; name?: string }[] | undefined)?.find((c) => c.type?.coding?.[0]?.code === 'plan')?.name ?? null,
  subscriberId: str(r.subscriberId),
  periodStart: period(r).start ?? null,
  periodEnd: period(r).end ?? null,
});

export const toAccountView = (r: AnyResource): AccountView => {
  const balance = (r.balance as { amount?: Money }[] | undefined)?.[0]?.amount;
  return {
    id: r.id,
    status: String(r.status),
    name: str(r.name),
    balance: balance?.value ?? null,
    currency: balance?.currency ?? null,
  };
};

export const toInvoiceView = (r: AnyResource): InvoiceView => ({
  id: r.id,
  version: str((r.meta as { versionId?: unknown } | undefined)?.versionId),
  status: String(r.status),
  date: str(r.date),
  totalGross: money(r.totalGross).value ?? null,
  totalNet: money(r.totalNet).value ?? null,
  currency: money(r.totalGross).currency ?? money(r.totalNet).currency ?? null,
});

export const toFlagView = (r: AnyResource): FlagView => ({
  id: r.id,
  status: String(r.status),
  category: firstConcept(r.category),
  text: conceptText(r.code as CodeableConcept) ?? '',
  periodStart: period(r).start ?? null,
  periodEnd: period(r).end ?? null,
});

export function toHistoryView(r: AnyResource): ContactHistoryView {
  if (r.resourceType === 'Communication') {
    const payload = (r.payload as { contentString?: string }[] | undefined)?.[0];
    return {
      id: r.id,
      kind: 'communication',
      status: String(r.status),
      date: str(r.sent) ?? str(r.received),
      summary: payload?.contentString ?? conceptText(r.topic as CodeableConcept | undefined),
      category: firstConcept(r.category) ?? firstConcept(r.medium),
      confidential: isConfidential(r),
      disposition: (r.topic as CodeableConcept | undefined)?.coding?.find((c) => c.system === DISPOSITION_SYSTEM)?.code ?? null,
    };
  }
  const cls = r.class as { code?: string; display?: string } | undefined;
  return {
    id: r.id,
    kind: 'encounter',
    status: String(r.status),
    date: period(r).start ?? null,
    summary: firstConcept(r.reasonCode) ?? firstConcept(r.type),
    category: cls?.display ?? cls?.code ?? null,
    confidential: isConfidential(r),
    disposition: null,
  };
}

/** A related person with the consent (if any) that names them as an actor for this patient. */
export function toProxyView(rp: RelatedPerson, consents: Consent[]): ProxyView {
  const consent = consents.find((c) => c.provision?.actor?.some((a) => referenceId(a.reference, 'RelatedPerson') === rp.id));
  return {
    relatedPersonId: rp.id,
    name: displayName(rp.name),
    relationship: firstConcept(rp.relationship),
    relationshipCode: rp.relationship?.[0]?.coding?.find((c) => c.code)?.code ?? null,
    phones: phonesOf(rp.telecom),
    birthDate: rp.birthDate ?? null,
    address: formatAddress(rp.address?.[0]),
    names: namesOnFile(rp),
    consent: consent
      ? {
          consentId: consent.id,
          status: consent.status,
          scope: [
            ...(consent.provision?.action ?? []).map((a) => conceptText(a)).filter((s): s is string => !!s),
            ...(consent.provision?.purpose ?? []).map((p) => p.code ?? p.display).filter((s): s is string => !!s),
          ],
          periodStart: consent.provision?.period?.start ?? null,
          periodEnd: consent.provision?.period?.end ?? null,
        }
      : null,
  };
}

const byDateDesc =
  <T>(date: (t: T) => string | null) =>
  (a: T, b: T) =>
    (date(b) ?? '').localeCompare(date(a) ?? '');

/** Builds the unified view from a patient and every resource that belongs to them. */
export function buildSummary(patient: Patient, related: AnyResource[]): PatientSummary {
  const of = (type: string) => related.filter((r) => r.resourceType === type);
  const consents = ofType<Consent>(related, 'Consent');
  return {
    patient: toPatientDetails(patient),
    appointments: of('Appointment')
      .map(toAppointmentView)
      .sort(byDateDesc((a) => a.start)),
    referrals: of('ServiceRequest')
      .map(toReferralView)
      .sort(byDateDesc((r) => r.authoredOn)),
    coverage: of('Coverage').map(toCoverageView),
    accounts: of('Account').map(toAccountView),
    invoices: of('Invoice')
      .map(toInvoiceView)
      .sort(byDateDesc((i) => i.date)),
    proxies: ofType<RelatedPerson>(related, 'RelatedPerson').map((rp) => toProxyView(rp, consents)),
    flags: of('Flag').map(toFlagView),
    history: [...of('Communication'), ...of('Encounter')].map(toHistoryView).sort(byDateDesc((h) => h.date)),
  };
}

/** How a related person appears in a phone match. */
export const relatedPersonLabel = (rp: RelatedPerson): { name: string; relationship: string | null } => ({
  name: displayName(rp.name),
  relationship: firstConcept(rp.relationship),
});
