/**
 * The worklist of one desk, put together: over the site's FHIR connection (its authorizer, or the signed-in user's token when the site says so, signs each request, a refused
 * token is dropped and the request sent once more) when the site has one; without one, a worklist that says it is not
 * configured and queues nothing.
 */
import type { AuditRepository } from '../cache/repositories/audit';
import type { PatientRepository } from '../cache/repositories/patients';
import { type SiteEhr, interactiveFhirClient } from '../ehr/site-connection';
import type { UserAccess } from '../main/desk-identity';
import type { WriteBack } from '../ehr/write-back';
import type { DomainEventBus } from '../main/domain-events';
import type { VerificationService } from '../main/services/verification';
import { WorklistBook } from './worklist-book';
import { loadWorklistPolicy } from './worklist-policy';
import { WorklistService } from './worklist-service';

export interface DeskWorklistOptions {
  link: SiteEhr['link'];
  /** The signed-in user's access (null at a site without sign-in): the requests go as them when the site says so. */
  user: UserAccess | null;
  writeBack: WriteBack;
  audit: AuditRepository;
  patients: PatientRepository;
  verification: VerificationService;
  /** Who is at this desk now: the actor of its audit rows and the owner of the claims made from here. */
  actor: () => string;
  events: DomainEventBus;
  assetsDir: string;
}

export function deskWorklist(o: DeskWorklistOptions): WorklistService {
  const policy = loadWorklistPolicy(o.assetsDir);
  let book: WorklistBook | null = null;
  if (o.link) {
    const client = interactiveFhirClient(o.link, o.user, { timeoutMs: 10_000 });
    book = new WorklistBook(client, { agent: o.actor, policy });
  }
  return new WorklistService({
    book,
    writeBack: o.writeBack,
    audit: o.audit,
    patients: o.patients,
    verification: o.verification,
    actor: o.actor,
    policy,
    events: o.events,
  });
}
