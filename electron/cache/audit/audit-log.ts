/**
 * Append-only, tamper-evident audit log. Each row's hash covers its own content and the previous
 * row's hash, so editing, reordering or removing a row breaks the chain from there on.
 */
import { createHash } from 'node:crypto';
import { CodedError } from '../../../shared/errors';
import type { Db } from '../connection';
import { toAuditEvent, type AuditEntry, type AuditEvent } from './audit-event';

export const GENESIS_HASH = '0'.repeat(64);

interface AuditRow {
  seq: number;
  recorded: string;
  actor: string;
  patient_ids: string;
  event: string;
  prev_hash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  /** The first row whose chain is broken. */
  brokenAt?: number;
  reason?: string;
}

export const chainHash = (prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string =>
  createHash('sha256')
    .update([prevHash, row.seq, row.recorded, row.actor, row.patient_ids, row.event].join('\n'))
    .digest('hex');

export interface AuditLog {
  append(entry: AuditEntry): number;
  /** Checks the chain; with `anchor` (an earlier head()) also that no row up to it was removed. */
  verify(anchor?: { seq: number; hash: string }): AuditVerification;
  /** The newest rows first, as AuditEvent resources. */
  recent(limit?: number): AuditEvent[];
  count(): number;
  /** The newest row's sequence number and hash: anchor it outside the store to detect a truncated tail. */
  head(): { seq: number; hash: string };
}

export function createAuditLog(db: Db): AuditLog {
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (@seq, @recorded, @actor, @patient_ids, @event, @prev_hash, @hash)',
  );
  const appendTx = db.transaction((entry: AuditEntry): number => {
    const previous = last.get();
    const seq = (previous?.seq ?? 0) + 1;
    const recorded = new Date().toISOString();
    const row = { seq, recorded, actor: entry.ctx.actor, patient_ids: JSON.stringify(entry.patientIds), event: JSON.stringify(toAuditEvent(entry, recorded)) };
    const prev_hash = previous?.hash ?? GENESIS_HASH;
    insert.run({ ...row, prev_hash, hash: chainHash(prev_hash, row) });
    return seq;
  });

  return {
    append(entry) {
      if (!entry.ctx?.actor?.trim() || !entry.ctx?.reason?.trim()) {
        throw new CodedError('invalidArgument', 'every read of patient data needs an actor and a reason');
      }
      // IMMEDIATE: another process (the admin CLI) may append to the same chain.
      return appendTx.immediate(entry);
    },
    verify(anchor) {
      let prevHash = GENESIS_HASH;
      let prevSeq = 0;
      let checked = 0;
      for (const row of db.prepare<[], AuditRow>('SELECT * FROM audit_event ORDER BY seq').iterate()) {
        checked += 1;
        if (row.seq !== prevSeq + 1) return { ok: false, checked, brokenAt: row.seq, reason: `row(s) missing before ${row.seq}` };
        if (row.prev_hash !== prevHash) return { ok: false, checked, brokenAt: row.seq, reason: 'previous-hash link broken' };
        if (chainHash(prevHash, row) !== row.hash) return { ok: false, checked, brokenAt: row.seq, reason: 'row content does not match its hash' };
        prevHash = row.hash;
        prevSeq = row.seq;
      }
      if (anchor && anchor.seq > 0) {
        const row = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_event WHERE seq = ?').get(anchor.seq);
        if (row?.hash !== anchor.hash) return { ok: false, checked, brokenAt: anchor.seq, reason: 'anchored row missing or changed' };
      }
      return { ok: true, checked };
    },
    recent(limit = 50) {
      return db
        .prepare<[number], AuditRow>('SELECT * FROM audit_event ORDER BY seq DESC LIMIT ?')
        .all(limit)
        .map((r) => ({ ...(JSON.parse(r.event) as AuditEvent), id: String(r.seq) }));
    },
    head: () => last.get() ?? { seq: 0, hash: GENESIS_HASH },
    count: () => (db.prepare('SELECT count(*) AS n FROM audit_event').get() as { n: number }).n,
  };
}
