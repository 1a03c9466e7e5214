/**
 * Append-only, tamper-evident audit log. Each row's link is an HMAC under the audit key (not the
 * store key) over its content and the previous link, and once a row is on disk a checkpoint of it,
 * signed with the desk's Ed25519 key, is stored outside the database (see ./wal-sync.ts: the fsync
 * and the signature are off the caller's path, and a checkpoint never names a row not yet on disk). Someone holding only
 * the store key can change the database but cannot compute links or sign checkpoints: an edit, a
 * forged, deleted or replaced row, a truncated tail, a wiped log, or rows lost with a deleted WAL
 * all fail `verify`.
 */
import { CodedError } from '../../../shared/errors';
import type { Db } from '../connection';
import { chainLink, GENESIS_HASH, type AuditRow } from './audit-chain';
import { toAuditEvent, type AuditEntry, type AuditEvent } from './audit-event';
import type { AuditKeys } from './audit-keys';
import { checkpointMessage, signCheckpoint, type CheckpointSink } from './checkpoint-sink';
import type { Spans } from '../spans';
import { WalSync } from './wal-sync';

export { GENESIS_HASH } from './audit-chain';

export interface CheckpointState {
  /** Valid checkpoints read. */
  count: number;
  /** The highest checkpointed sequence number (0 when none). */
  latestSeq: number;
  /** Rows after the latest checkpoint (a crash between a commit and its checkpoint leaves one). */
  unanchored: number;
  /**
   * Lines that are not checkpoints (a line torn by a power cut). Reported, not a failure: a damaged
   * line asserts nothing, so it weakens the anchoring exactly as much as a missing line would.
   */
  damaged: number;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  /** The first row whose chain is broken, or the first checkpointed row that is missing or differs. */
  brokenAt?: number;
  reason?: string;
  checkpoints?: CheckpointState;
}

export interface AuditLog {
  /**
   * Commits the row and returns its sequence number; it is on disk and checkpointed moments later (`flush` forces
   * it). `spans`, when given, is told where the time went: begin, chain, insert, commit.
   */
  append(entry: AuditEntry, spans?: Spans): number;
  /** Puts every committed row on disk and writes its checkpoint now (verify and head do it first). */
  flush(): void;
  /** Checks the keyed chain and every checkpoint; with `anchor` (an earlier head()) also that row. */
  verify(anchor?: { seq: number; hash: string }): AuditVerification;
  /** The newest rows first, as AuditEvent resources. */
  recent(limit?: number): AuditEvent[];
  count(): number;
  /** The newest row's sequence number and link, once it is on disk and checkpointed (an anchor may name it). */
  head(): { seq: number; hash: string };
}

export interface AuditLogOptions {
  keys: AuditKeys;
  checkpoints: CheckpointSink;
}

export function createAuditLog(db: Db, { keys, checkpoints }: AuditLogOptions): AuditLog {
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (@seq, @recorded, @actor, @patient_ids, @event, @prev_hash, @hash)',
  );
  const appendTx = db.transaction((entry: AuditEntry, spans?: Spans): { seq: number; hash: string; recorded: string } => {
    spans?.mark('begin');
    const previous = last.get();
    const seq = (previous?.seq ?? 0) + 1;
    const recorded = new Date().toISOString();
    const row = { seq, recorded, actor: entry.ctx.actor, patient_ids: JSON.stringify(entry.patientIds), event: JSON.stringify(toAuditEvent(entry, recorded)) };
    const prev_hash = previous?.hash ?? GENESIS_HASH;
    const hash = chainLink(keys, prev_hash, row);
    spans?.mark('chain');
    insert.run({ ...row, prev_hash, hash });
    spans?.mark('insert');
    return { seq, hash, recorded };
  });
  const rowAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_event WHERE seq = ?');
  // The row's commit does not wait for the disk; WalSync fsyncs the WAL and then the checkpoints are written.
  const lazyCommits = db.prepare('PRAGMA synchronous = NORMAL');
  const fullCommits = db.prepare('PRAGMA synchronous = FULL');
  const awaitingDisk: { seq: number; hash: string; recorded: string }[] = [];
  const walSync = new WalSync(`${db.name}-wal`, (upTo) => {
    for (let next = awaitingDisk[0]; next && next.seq <= upTo; next = awaitingDisk[0]) {
      awaitingDisk.shift();
      // A row appended inside an enclosing transaction that was rolled back is not there: nothing to anchor.
      if (rowAt.get(next.seq)?.hash === next.hash) checkpoints.append(signCheckpoint(keys, next.seq, next.hash, next.recorded));
    }
  });
  const commit = (entry: AuditEntry, spans?: Spans): { seq: number; hash: string; recorded: string } => {
    // Inside an enclosing transaction the pragma cannot change; that transaction's own commit is a full one.
    if (db.inTransaction) return appendTx.immediate(entry, spans);
    lazyCommits.run();
    try {
      return appendTx.immediate(entry, spans);
    } finally {
      fullCommits.run();
    }
  };

  function verifyCheckpoints(head: number): { state: CheckpointState; broken?: { brokenAt: number; reason: string } } {
    const state: CheckpointState = { count: 0, latestSeq: 0, unanchored: 0, damaged: 0 };
    let broken: { at: number; reason: string } | undefined;
    const fail = (at: number, reason: string): void => {
      if (!broken || at < broken.at) broken = { at, reason };
    };
    for (const record of checkpoints.records()) {
      if (!record.ok) {
        state.damaged += 1;
        continue;
      }
      const c = record.checkpoint;
      if (c.key !== keys.keyId || !keys.verify(checkpointMessage(c), c.sig)) {
        fail(Math.min(c.seq, head + 1), `checkpoint for row ${c.seq} has an invalid signature`);
        continue;
      }
      state.count += 1;
      state.latestSeq = Math.max(state.latestSeq, c.seq);
      const row = rowAt.get(c.seq);
      if (!row) fail(c.seq, `row ${c.seq} is checkpointed but missing: rows were removed, wiped or lost (checkpoint ahead of the store)`);
      else if (row.hash !== c.head) fail(c.seq, `row ${c.seq} differs from its checkpoint: rows were replaced, or lost and written again`);
    }
    state.unanchored = Math.max(0, head - state.latestSeq);
    if (head > 0 && !checkpoints.exists()) fail(1, `no ${checkpoints.description}: the rows are not anchored outside the store`);
    return broken ? { state, broken: { brokenAt: broken.at, reason: broken.reason } } : { state };
  }

  return {
    append(entry, spans) {
      if (!entry.ctx.actor.trim() || !entry.ctx.reason.trim()) {
        throw new CodedError('invalidArgument', 'every read of patient data needs an actor and a reason');
      }
      let seq = 0;
      for (const row of rowsOf(entry)) {
        // IMMEDIATE: another process (the admin CLI) may append to the same chain.
        const committed = commit(row, spans);
        spans?.mark('commit');
        // After the row is on disk, never before: a checkpoint may trail the store (rows unanchored after a
        // crash in between), but is never ahead of what is on disk.
        awaitingDisk.push(committed);
        walSync.committed(committed.seq);
        seq = committed.seq;
      }
      return seq;
    },
    flush() {
      walSync.flushSync();
      checkpoints.flush();
    },
    verify(anchor) {
      walSync.flushSync();
      let prevHash = GENESIS_HASH;
      let prevSeq = 0;
      let checked = 0;
      let chainBroken: { brokenAt: number; reason: string } | undefined;
      for (const row of db.prepare<[], AuditRow>('SELECT seq, recorded, actor, patient_ids, event, prev_hash, hash FROM audit_event ORDER BY seq').iterate()) {
        checked += 1;
        if (row.seq !== prevSeq + 1) chainBroken = { brokenAt: prevSeq + 1, reason: `row(s) missing before ${row.seq}` };
        else if (row.prev_hash !== prevHash) chainBroken = { brokenAt: row.seq, reason: 'previous-link broken' };
        else if (chainLink(keys, prevHash, row) !== row.hash) chainBroken = { brokenAt: row.seq, reason: 'row content does not match its keyed link' };
        if (chainBroken) break;
        prevHash = row.hash;
        prevSeq = row.seq;
      }
      const head = last.get()?.seq ?? 0;
      const cp = verifyCheckpoints(head);
      const result: AuditVerification = { ok: true, checked, checkpoints: cp.state };
      const failures = [chainBroken, cp.broken].filter((f) => f !== undefined);
      if (anchor && anchor.seq > 0 && rowAt.get(anchor.seq)?.hash !== anchor.hash)
        failures.push({ brokenAt: anchor.seq, reason: 'anchored row missing or changed' });
      if (failures.length === 0) return result;
      const first = failures.reduce((a, b) => (b.brokenAt < a.brokenAt ? b : a));
      return { ...result, ok: false, brokenAt: first.brokenAt, reason: first.reason };
    },
    recent(limit = 50) {
      return db
        .prepare<[number], AuditRow>('SELECT * FROM audit_event ORDER BY seq DESC LIMIT ?')
        .all(limit)
        .map((r) => ({ ...(JSON.parse(r.event) as AuditEvent), id: String(r.seq) }));
    },
    head: () => {
      walSync.flushSync();
      return last.get() ?? { seq: 0, hash: GENESIS_HASH };
    },
    count: () => (db.prepare('SELECT count(*) AS n FROM audit_event').get() as { n: number }).n,
  };
}

/**
 * The most patients one audit row names. Each row leaves the machine as one FHIR AuditEvent (an entity a patient),
 * which must stay within the write-back's size bound; an event about more patients (a worklist of thousands, an import
 * that overwrote many) is kept as consecutive rows, each naming its part.
 */
export const MAX_PATIENTS_PER_AUDIT_ROW = 200;

function rowsOf(entry: AuditEntry): AuditEntry[] {
  const ids = entry.patientIds;
  if (ids.length <= MAX_PATIENTS_PER_AUDIT_ROW) return [entry];
  const parts = Math.ceil(ids.length / MAX_PATIENTS_PER_AUDIT_ROW);
  return Array.from({ length: parts }, (_, i) => ({
    ...entry,
    ctx: { ...entry.ctx, reason: `${entry.ctx.reason} (part ${i + 1} of ${parts})` },
    patientIds: ids.slice(i * MAX_PATIENTS_PER_AUDIT_ROW, (i + 1) * MAX_PATIENTS_PER_AUDIT_ROW),
  }));
}
