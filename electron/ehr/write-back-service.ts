/**
 * The write-back of one desk, put together: with the site's FHIR connection, a write-back that queues into the store's
 * outbox and a worker that delivers it (started); without one, `NO_WRITE_BACK` and no worker — the embedded demo
 * store works exactly as before and nothing waits for a server that is not there.
 */
import type { WriteBackFailure, WriteBackStatus } from '../../shared/ehr/write-back';
import type { AuditRepository } from '../cache/repositories/audit';
import type { OutboxJobRepository } from '../cache/repositories/outbox-jobs';
import { safeLog } from '../main/safe-log';
import { exportAuditTrail, fhirAuditDestination } from './audit-export';
import { OutboxProblems } from './outbox-problems';
import { OutboxWorker, type OutboxWorkerOptions } from './outbox-worker';
import type { ServerCopy } from './server-copy';
import { type SiteEhr, siteFhirClient } from './site-connection';
import { NO_WRITE_BACK, outboxWriteBack, type WriteBack } from './write-back';

export interface DeskWriteBack {
  readonly writeBack: WriteBack;
  /** Null when the site has no FHIR server. */
  readonly worker: OutboxWorker | null;
  /** The writes that cannot go, for the agent to retry or dismiss (null when the site has no FHIR server). */
  readonly problems: OutboxProblems | null;
  stop(): Promise<void>;
}

export interface DeskWriteBackOptions {
  jobs: OutboxJobRepository;
  /** The site's FHIR connection and its authorizer (null: none configured). */
  link: SiteEhr['link'];
  /** Built only when there is a link (the cache's port for the server's answers). */
  serverCopy: () => ServerCopy;
  /** A write refused with a business answer: the agent is told (the kind of record and the code, no patient data). */
  onFailure?: (f: WriteBackFailure) => void;
  /** Patients whose cached record a server answer changed (ids only). */
  onPatientsChanged?: (patientIds: string[]) => void;
  /** The outbox's counts after every change (for the EHR link status). */
  onStatus?: (s: WriteBackStatus) => void;
  worker?: Partial<Omit<OutboxWorkerOptions, 'jobs' | 'client' | 'serverCopy'>>;
  /** The desk's audit chain, exported to the server as AuditEvents through the same outbox (at start, then every `everyMs`, default 60 s). */
  audit?: { repo: AuditRepository; chainId: string; everyMs?: number };
  /** Where the agent's dismissals of writes that cannot go are recorded (the desk's audit log). */
  dismissals: AuditRepository;
}

export function startDeskWriteBack(o: DeskWriteBackOptions): DeskWriteBack {
  if (!o.link)
    return {
      writeBack: NO_WRITE_BACK,
      worker: null,
      problems: null,
      stop: () => Promise.resolve(),
    };
  const client = siteFhirClient(o.link);
  const worker = new OutboxWorker({
    jobs: o.jobs,
    client,
    serverCopy: o.serverCopy(),
    ...o.worker,
  });
  if (o.onFailure) worker.onFailure(o.onFailure);
  if (o.onStatus) worker.onStatus(o.onStatus);
  if (o.onPatientsChanged) worker.onPatientsChanged(o.onPatientsChanged);
  worker.start();
  const writeBack = outboxWriteBack(o.jobs, () => {
    worker.kick();
  });
  let auditTimer: NodeJS.Timeout | null = null;
  if (o.audit) {
    const { repo, chainId } = o.audit;
    const destination = fhirAuditDestination(writeBack, o.jobs);
    const exportNow = () => {
      try {
        exportAuditTrail(repo, chainId, destination);
      } catch (err) {
        safeLog.warn('the audit trail could not be handed to the outbox', err);
      }
    };
    exportNow();
    auditTimer = setInterval(exportNow, o.audit.everyMs ?? 60_000);
    auditTimer.unref();
  }
  return {
    writeBack,
    worker,
    problems: new OutboxProblems({
      jobs: o.jobs,
      audit: o.dismissals,
      changed: () => {
        worker.kick();
      },
    }),
    stop: () => {
      if (auditTimer) clearInterval(auditTimer);
      return worker.stop();
    },
  };
}
