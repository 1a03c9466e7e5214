/**
 * The audit trail leaves the machine: the desk's audit chain (cache/audit) is exported row by row to an audit
 * destination, and the destination's copy anchors the local chain. Each exported row carries the chain's id, its
 * sequence number and its keyed link (the chain's HMAC head at that row), so a workstation whose log was wiped,
 * truncated or rewritten no longer holds what the server holds: `checkAuditAnchor` finds it.
 *
 * The destination is an interface: today the organisation's FHIR server, as AuditEvent resources through the outbox
 * (`fhirAuditDestination`: durable, ordered, retried, never duplicated); an IHE ATNA audit record repository (DICOM
 * audit messages over syslog/TLS, RFC 5425) can implement the same two methods instead.
 */
import type { AuditEvent } from '../cache/audit/audit-event';
import type { AuditRepository } from '../cache/repositories/audit';
import type { OutboxJobRepository } from '../cache/repositories/outbox-jobs';
import { CAREFRONT_EXTENSIONS, readComplexExtension } from '../cache/fhir/extensions';
import type { FhirClient } from './fhir-client';
import { auditChainSite, auditClientId, auditEventWrite } from './write-back-mapping';
import type { WriteBack } from './write-back';
import { must } from '../../shared/must';

/** One row of the chain, as exported. */
export interface AuditRow {
  seq: number;
  /** The row's keyed link: the chain's head at this row. */
  hash: string;
  event: AuditEvent;
}

export interface AuditDestination {
  /** The highest sequence number of `chainId` already handed over (0 when none). */
  exportedUpTo(chainId: string): number;
  /** Hands rows over, in order, durably (the destination's transport sends them later, retried). */
  hand(chainId: string, rows: readonly AuditRow[]): void;
}

/** The organisation's FHIR server as the audit destination: AuditEvents through the outbox (one job per row). */
export function fhirAuditDestination(writeBack: WriteBack, jobs: OutboxJobRepository): AuditDestination {
  return {
    exportedUpTo(chainId) {
      const prefix = auditClientId(chainId, 0).slice(0, -12);
      const latest = jobs.latestClientId(prefix);
      return latest ? Number(latest.slice(prefix.length)) : 0;
    },
    hand(chainId, rows) {
      for (const row of rows) writeBack.create(auditEventWrite(row, chainId));
    },
  };
}

/**
 * Hands the rows after what the destination holds, in batches (memory stays bounded), at most `maxRows` per call (a
 * long log goes over several calls, so the outbox never fills with it at once). Returns how many rows went.
 */
export function exportAuditTrail(
  audit: AuditRepository,
  chainId: string,
  destination: AuditDestination,
  options: { batch?: number; maxRows?: number } = {},
): number {
  const batch = options.batch ?? 200;
  const maxRows = options.maxRows ?? 2000;
  let after = destination.exportedUpTo(chainId);
  let sent = 0;
  while (sent < maxRows) {
    const rows = audit.rowsAfter(after, Math.min(batch, maxRows - sent));
    if (rows.length === 0) return sent;
    destination.hand(chainId, rows);
    sent += rows.length;
    after = must(rows.at(-1), 'the last row of a batch that has rows').seq;
  }
  return sent;
}

export interface AnchorCheck {
  ok: boolean;
  /** The newest row of this chain the server holds (null when it holds none). */
  anchor: { seq: number; hash: string } | null;
  /** The local chain's newest row. */
  localSeq: number;
  reason?: string;
}

/**
 * Compares the local chain with the server's copy: the newest row the server holds for this chain must be in the local
 * chain with the same link, and the local chain must verify. A wiped or truncated log (the local chain ends before the
 * server's anchor) or a rewritten one (the anchored row differs) fails.
 */
export async function checkAuditAnchor(client: Pick<FhirClient, 'search'>, audit: AuditRepository, chainId: string): Promise<AnchorCheck> {
  const found = await client.search('AuditEvent', { site: auditChainSite(chainId), _sort: '-date', _count: 50 }, { maxPages: 1, maxResources: 50 });
  let anchor: { seq: number; hash: string } | null = null;
  for (const event of found.resources) {
    const a = readComplexExtension(event, CAREFRONT_EXTENSIONS.auditAnchor);
    const seq = a?.integer('seq');
    const hash = a?.string('head');
    if (a?.string('chain') !== chainId || seq === undefined || seq < 1 || !hash) continue;
    if (!anchor || seq > anchor.seq) anchor = { seq, hash };
  }
  const localSeq = audit.head().seq;
  if (!anchor) return { ok: true, anchor: null, localSeq };
  if (localSeq < anchor.seq) {
    return {
      ok: false,
      anchor,
      localSeq,
      reason: `the server holds row ${anchor.seq} of this chain, the local chain ends at ${localSeq}: the log was wiped or truncated`,
    };
  }
  const verified = audit.verify(anchor);
  if (!verified.ok) return { ok: false, anchor, localSeq, reason: verified.reason ?? 'the local chain does not verify' };
  return { ok: true, anchor, localSeq };
}
