import { createHash } from 'node:crypto';
import { CodedError } from '../../../shared/errors';
import { chainLink, GENESIS_HASH, type AuditRow } from '../audit/audit-chain';
import { toAuditEvent } from '../audit/audit-event';
import type { Migration } from './migration';

/** The unkeyed SHA-256 chain of schema 2 and 3, to check the old rows before re-linking them. */
const legacyHash = (prev: string, r: AuditRow): string =>
  createHash('sha256').update([prev, r.seq, r.recorded, r.actor, r.patient_ids, r.event].join('\n')).digest('hex');

function checkLegacyChain(rows: AuditRow[]): string {
  let prev = GENESIS_HASH;
  for (const [i, r] of rows.entries()) {
    if (r.seq !== i + 1) return `broken at row ${i + 1}: rows missing before ${r.seq}`;
    if (r.prev_hash !== prev || legacyHash(prev, r) !== r.hash) return `broken at row ${r.seq}`;
    prev = r.hash;
  }
  return 'intact';
}

/**
 * The audit chain becomes keyed: each link is an HMAC under the audit key (not the store key), and
 * inserts can only append (a BEFORE INSERT trigger refuses an existing or out-of-order seq, so
 * INSERT OR REPLACE and UPSERT cannot silently delete a row). Existing rows are re-linked under the
 * audit key, keeping their old SHA-256 hash in `legacy_hash`; what the old chain looked like when it
 * was re-linked is recorded in a final `audit-rechain` row, which is checkpointed.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'keyed-audit-chain',
  up(db, env) {
    const rows = db.prepare('SELECT seq, recorded, actor, patient_ids, event, prev_hash, hash FROM audit_event ORDER BY seq').all() as AuditRow[];
    const keys = env.audit;
    const lastRow = rows.at(-1);
    if (lastRow !== undefined && !keys) throw new CodedError('cacheAuditKeyMissing', 'the audit key is needed to upgrade the audit log');
    db.exec(`
      CREATE TABLE audit_event_keyed (
        seq         INTEGER PRIMARY KEY,
        recorded    TEXT NOT NULL,
        actor       TEXT NOT NULL,
        patient_ids TEXT NOT NULL,
        event       TEXT NOT NULL,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL,
        legacy_hash TEXT
      );
    `);
    // With rows to re-link there is a key (checked above); without, there is nothing to write.
    if (keys && lastRow !== undefined) {
      const insert = db.prepare(
        'INSERT INTO audit_event_keyed (seq, recorded, actor, patient_ids, event, prev_hash, hash, legacy_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      let prev = GENESIS_HASH;
      let seq = 0;
      for (const r of rows) {
        seq += 1;
        const content = { seq, recorded: r.recorded, actor: r.actor, patient_ids: r.patient_ids, event: r.event };
        const hash = chainLink(keys, prev, content);
        insert.run(seq, r.recorded, r.actor, r.patient_ids, r.event, prev, hash, r.hash);
        prev = hash;
      }
      seq += 1;
      const recorded = new Date().toISOString();
      const legacy = checkLegacyChain(rows);
      const event = toAuditEvent(
        {
          operation: 'audit-rechain',
          ctx: {
            actor: 'carefront/schema-migration-4',
            reason: 'audit chain re-linked under the audit key (HMAC-SHA-256); old SHA-256 hashes kept in legacy_hash',
          },
          patientIds: [],
          fields: [],
          outcome: legacy === 'intact' ? 'success' : 'failed',
          objects: [{ display: 'audit chain', detail: { rows: rows.length, 'legacy-chain': legacy, 'legacy-head': lastRow.hash } }],
        },
        recorded,
      );
      const content = { seq, recorded, actor: 'carefront/schema-migration-4', patient_ids: '[]', event: JSON.stringify(event) };
      const hash = chainLink(keys, prev, content);
      insert.run(seq, recorded, content.actor, '[]', content.event, prev, hash, null);
      env.afterCommit(() => env.checkpoint?.(seq, hash, recorded));
    }
    db.exec(`
      DROP TABLE audit_event;
      ALTER TABLE audit_event_keyed RENAME TO audit_event;
      CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
      CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
      CREATE TRIGGER audit_event_append_at_end BEFORE INSERT ON audit_event
        WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_event)
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: rows are added at the end, never replaced'); END;
    `);
  },
};
