/**
 * Patients: lookups (caller phone, name + date of birth, a rare name alone, MRN), the unified summary, and the previous
 * versions of a resource. Every read of patient data takes an actor + reason and writes its own
 * audit row, so none is forgotten.
 */
import type { PatientMatch, PatientSummary } from '../../../shared/domain/patient';
import { CodedError } from '../../../shared/errors';
import type { AuditContext } from '../audit/audit-event';
import { toE164 } from '../phone';
import type { Spans } from '../spans';
import { guardStore } from '../store-errors';
import type { Store } from '../store';
import { createPatientLookup, type PatientLookup } from './lookup';
import { readResourceHistory, type ResourceVersion } from './resource-history';
import { createSummaryReader, SUMMARY_FIELDS } from './summary';

const LOOKUP_FIELDS = ['name', 'birthDate', 'mrn'];
const IS_DATE = /^\d{4}-\d{2}-\d{2}$/;
const IS_E164 = /^\+[1-9]\d{6,14}$/;
/**
 * A name said without a date of birth is listed only when it is rare: at most this many patients share it. More,
 * and the agent is told how many match (no one of them) and asks the caller for the date of birth.
 */
export const NAME_ONLY_MAX_MATCHES = 5;
/** A fictitious number (555-01xx), parsed once by `warmUp` so the first caller ID does not load the parser's metadata. */
const WARM_UP_NUMBER = '(202) 555-0100';

export class PatientRepository {
  private readonly lookup: PatientLookup;
  private readonly readSummary: (id: string) => PatientSummary | null;
  private readonly serverHeld: (patientId: string, type: string, id: string) => boolean;

  constructor(private readonly store: Store) {
    const db = store.connection();
    this.lookup = createPatientLookup(db);
    this.readSummary = createSummaryReader(db);
    const held = db.prepare<[string, string, string], { one: number }>(
      `SELECT 1 AS one FROM resource r JOIN server_version v ON v.type = r.type AND v.id = r.id
       WHERE r.patient_id = ? AND r.type = ? AND r.id = ? AND v.deleted = 0`,
    );
    this.serverHeld = (patientId, type, id) => held.get(patientId, type, id) !== undefined;
  }

  /**
   * Whether the copy holds `type/id` as the patient's, as it came from the site's FHIR server (not an imported file,
   * not deleted there): what a task on the team's worklist may be about. Reads no patient data (a yes or no).
   */
  holdsFromServer(patientId: string, type: 'Invoice' | 'ServiceRequest', id: string): boolean {
    this.store.assertOpen();
    return guardStore(() => this.serverHeld(patientId, type, id));
  }

  /** The region of phone numbers written without a country code. */
  get defaultRegion() {
    return this.store.defaultRegion;
  }

  /** `spans`, when given, is told where the time went (e164, read, then the audit row's spans). */
  lookupByPhone(raw: string, ctx: AuditContext, spans?: Spans): PatientMatch[] {
    const e164 = toE164(raw, this.store.defaultRegion);
    if (!e164) throw new CodedError('invalidArgument', 'not a phone number');
    spans?.mark('e164');
    return this.lookupByE164(e164, ctx, spans);
  }

  /** As `lookupByPhone`, for a number `toE164` already normalised (the screen pop parses it once). */
  lookupByE164(e164: string, ctx: AuditContext, spans?: Spans): PatientMatch[] {
    if (!IS_E164.test(e164)) throw new CodedError('invalidArgument', 'not a phone number in E.164');
    return this.audited('lookup-phone', ctx, () => this.lookup.byPhone(e164), spans);
  }

  searchByNameDob(name: string, birthDate: string, ctx: AuditContext): PatientMatch[] {
    if (!IS_DATE.test(birthDate)) throw new CodedError('invalidArgument', 'birthDate must be YYYY-MM-DD');
    if (name.trim().length < 2) throw new CodedError('invalidArgument', 'name is too short');
    return this.audited('search-name-dob', ctx, () => this.lookup.byNameAndBirthDate(name, birthDate));
  }

  /**
   * A name without a date of birth: the matches when `NAME_ONLY_MAX_MATCHES` or fewer share it, else none and their
   * number (`total`), audited as a refused listing that names no patient.
   */
  searchByName(name: string, ctx: AuditContext): { matches: PatientMatch[]; total: number } {
    if (name.trim().length < 2) throw new CodedError('invalidArgument', 'name is too short');
    this.store.assertOpen();
    const all = guardStore(() => this.lookup.byName(name));
    if (all.length <= NAME_ONLY_MAX_MATCHES) return { matches: this.audited('search-name', ctx, () => all), total: all.length };
    this.store.auditLog.append({
      operation: 'search-name',
      ctx,
      patientIds: [],
      fields: [],
      outcome: 'denied',
      objects: [{ display: 'too many to list without a date of birth', detail: { matches: all.length, listedUpTo: NAME_ONLY_MAX_MATCHES } }],
    });
    return { matches: [], total: all.length };
  }

  findByMrn(mrn: string, ctx: AuditContext): PatientMatch[] {
    if (!mrn.trim()) throw new CodedError('invalidArgument', 'MRN is empty');
    return this.audited('search-mrn', ctx, () => this.lookup.byMrn(mrn));
  }

  summary(patientId: string, ctx: AuditContext): PatientSummary {
    this.store.assertOpen();
    const summary = guardStore(() => this.readSummary(patientId));
    this.store.auditLog.append({
      operation: 'summary',
      ctx,
      patientIds: [patientId],
      fields: summary ? SUMMARY_FIELDS : [],
      outcome: summary ? 'success' : 'not-found',
    });
    if (!summary) throw new CodedError('notFound', 'no such patient');
    return summary;
  }

  /**
   * The previous versions of a resource that imports overwrote (newest first), audited as a read.
   * Its patient is recorded when the resource belongs to one.
   */
  resourceHistory(type: string, id: string, ctx: AuditContext): ResourceVersion[] {
    const versions = guardStore(() => readResourceHistory(this.store.connection(), type, id));
    const patientIds = [...new Set(versions.map((v) => v.patientId).filter((p) => p !== ''))];
    this.store.auditLog.append({
      operation: 'history',
      ctx,
      patientIds,
      fields: versions.length ? ['previous-versions'] : [],
      outcome: versions.length ? 'success' : 'not-found',
      objects: [{ reference: `${type}/${id}` }],
    });
    return versions;
  }

  /**
   * Reads the lookup indexes (phone, patient) into the page cache in small slices, yielding to the
   * event loop between them, so the first screen pops after startup do not wait on decryption (and
   * parses one made-up number, so neither do they wait on the number parser's first use).
   */
  async warmUp(slice = 20_000): Promise<void> {
    toE164(WARM_UP_NUMBER, this.store.defaultRegion);
    const db = this.store.connection();
    const phones = db.prepare<[string, number], { e164: string }>('SELECT e164 FROM phone_index WHERE e164 > ? ORDER BY e164 LIMIT ?');
    // `name` is in no secondary index, so this walks the table's own pages (what a phone match reads).
    const patients = db.prepare<[string, number], { id: string; name: string }>('SELECT id, name FROM patient_index WHERE id > ? ORDER BY id LIMIT ?');
    const scan = async <K extends string>(stmt: { all(from: string, n: number): Record<K, string>[] }, key: K): Promise<void> => {
      let from = '';
      for (;;) {
        if (this.store.isClosed) return;
        const last = stmt.all(from, slice).at(-1);
        if (last === undefined) return;
        from = last[key];
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await scan(phones, 'e164');
    await scan(patients, 'id');
  }

  private audited(
    operation: 'lookup-phone' | 'search-name-dob' | 'search-name' | 'search-mrn',
    ctx: AuditContext,
    read: () => PatientMatch[],
    spans?: Spans,
  ): PatientMatch[] {
    this.store.assertOpen();
    const matches = guardStore(read);
    const patientIds = [...new Set(matches.map((m) => m.patientId))];
    spans?.mark('read');
    this.store.auditLog.append(
      { operation, ctx, patientIds, fields: matches.length ? LOOKUP_FIELDS : [], outcome: matches.length ? 'success' : 'not-found' },
      spans,
    );
    return matches;
  }
}
