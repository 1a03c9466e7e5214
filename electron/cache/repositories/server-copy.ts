/**
 * The server's copy in the store: the one way resources from the organisation's FHIR server reach
 * the cache (the `ServerCopy` port). Resources are validated and written like imported ones (same
 * validation, resource writer and lookup indexes), and keep the server's version in
 * `server_version`: an older or equal version never overwrites a newer one, a deletion leaves a
 * tombstone with its version. Each call is one transaction and one audit row (counts and source,
 * no patient data); an invalid resource is counted as rejected, never thrown.
 */
import type { Resource } from 'fhir/r4';
import { CodedError } from '../../../shared/errors';
import type { ApplyOptions, ApplyResult, DeletedVersion, ServerCopy, ServerSource } from '../../ehr/server-copy';
import type { AuditContext } from '../audit/audit-event';
import type { Db } from '../connection';
import { MAX_RESOURCE_DEPTH, nestsDeeperThan } from '../fhir/depth';
import { owningPatientId } from '../fhir/references';
import { SUPPORTED_RESOURCE_TYPES, type AnyResource } from '../fhir/resources';
import { isNewer, serverVersionOf, type ServerVersion } from '../fhir/server-version';
import { validateResource } from '../fhir/validate';
import { createResourceWriter } from '../import/resource-writer';
import { guardStore, storeError } from '../store-errors';
import type { Store } from '../store';

/** Who writes the server's copy in the audit trail when the caller does not say. */
export const SERVER_COPY_CONTEXT: AuditContext = { actor: 'system/ehr-link', reason: 'copy of the FHIR server' };

interface Held extends ServerVersion {
  deleted: boolean;
}

interface Statements {
  held: (type: string, id: string) => Held | null;
  keep: (type: string, id: string, v: ServerVersion, deleted: boolean, source: ServerSource, at: string) => void;
  owner: (type: string, id: string) => string | null;
  remove: (type: string, id: string) => void;
}

function statements(db: Db): Statements {
  // One statement (the first load asks for every resource it writes): the server_version row when there is one, else
  // a resource the copy holds without one (an imported file), whose own meta decides.
  const heldRow = db.prepare<[{ type: string; id: string }], { version_id: unknown; last_updated: unknown; deleted: number }>(
    `SELECT version_id, last_updated, deleted, 0 AS rank FROM server_version WHERE type = @type AND id = @id
     UNION ALL
     SELECT json_extract(json, '$.meta.versionId'), json_extract(json, '$.meta.lastUpdated'), 0, 1 FROM resource WHERE type = @type AND id = @id
     ORDER BY rank LIMIT 1`,
  );
  const upsertVersion = db.prepare(
    `INSERT INTO server_version (type, id, version_id, last_updated, deleted, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (type, id) DO UPDATE SET version_id = excluded.version_id, last_updated = excluded.last_updated, deleted = excluded.deleted,
       source = excluded.source, received_at = excluded.received_at`,
  );
  const ownerOf = db.prepare<[string, string], { patient_id: string }>('SELECT patient_id FROM resource WHERE type = ? AND id = ?');
  const deleteResource = db.prepare('DELETE FROM resource WHERE type = ? AND id = ?');
  const deletePatient = db.prepare('DELETE FROM patient_index WHERE id = ?');
  const deletePhones = db.prepare('DELETE FROM phone_index WHERE type = ? AND id = ?');
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
  return {
    held(type, id) {
      const row = heldRow.get({ type, id });
      return row ? { versionId: text(row.version_id), lastUpdated: text(row.last_updated), deleted: row.deleted === 1 } : null;
    },
    keep(type, id, v, deleted, source, at) {
      upsertVersion.run(type, id, v.versionId, v.lastUpdated, deleted ? 1 : 0, source, at);
    },
    owner(type, id) {
      return ownerOf.get(type, id)?.patient_id ?? null;
    },
    remove(type, id) {
      deleteResource.run(type, id);
      if (type === 'Patient') deletePatient.run(id);
      deletePhones.run(type, id);
    },
  };
}

type Checked = { ok: true; resource: AnyResource; version: ServerVersion } | { ok: false };

function check(value: unknown): Checked {
  if (nestsDeeperThan(value, MAX_RESOURCE_DEPTH)) return { ok: false };
  const valid = validateResource(value);
  if (!valid.ok) return { ok: false };
  const version = serverVersionOf(valid.resource as { meta?: unknown });
  return version.ok ? { ok: true, resource: valid.resource, version: version.version } : { ok: false };
}

export class ServerCopyRepository implements ServerCopy {
  private prepared: Statements | null = null;
  private readonly ctx: AuditContext;

  constructor(
    private readonly store: Store,
    options: { ctx?: AuditContext } = {},
  ) {
    this.ctx = options.ctx ?? SERVER_COPY_CONTEXT;
  }

  apply(resources: readonly Resource[], source: ServerSource, options: ApplyOptions = {}): ApplyResult {
    const db = this.store.connection();
    if (resources.length === 0) return { applied: 0, stale: 0, rejected: 0, patientIds: [] };
    const texts = options.texts;
    if (texts !== undefined && texts.length !== resources.length) throw new CodedError('invalidArgument', 'apply: one text for each resource');
    const st = this.statements(db);
    const writer = createResourceWriter(db, this.store.defaultRegion);
    const at = new Date().toISOString();
    const byType: Record<string, number> = {};
    const run = db.transaction((): ApplyResult => {
      const result: ApplyResult = { applied: 0, stale: 0, rejected: 0, patientIds: [] };
      const patients = new Set<string>();
      for (const [index, value] of resources.entries()) {
        const checked = check(value);
        if (!checked.ok) {
          result.rejected += 1;
          continue;
        }
        const { resource, version } = checked;
        const held = st.held(resource.resourceType, resource.id);
        if (held && !isNewer(version, held)) {
          result.stale += 1;
          continue;
        }
        const before = held && !held.deleted ? st.owner(resource.resourceType, resource.id) : null;
        writer.upsert(resource, texts?.[index]);
        st.keep(resource.resourceType, resource.id, version, false, source, at);
        result.applied += 1;
        byType[resource.resourceType] = (byType[resource.resourceType] ?? 0) + 1;
        const owner = owningPatientId(resource);
        if (owner) patients.add(owner);
        if (before) patients.add(before);
      }
      result.patientIds = [...patients];
      return result;
    });
    return this.audited(
      source,
      'apply',
      () => run(),
      (r) => ({ applied: r.applied, stale: r.stale, rejected: r.rejected, types: JSON.stringify(byType) }),
    );
  }

  remove(resourceType: string, id: string, source: ServerSource, deleted: DeletedVersion = {}): boolean {
    const db = this.store.connection();
    // A type the cache does not keep: nothing to remove, no tombstone to keep.
    if (!(SUPPORTED_RESOURCE_TYPES as readonly string[]).includes(resourceType)) return false;
    const st = this.statements(db);
    const version: ServerVersion = { versionId: deleted.versionId ?? null, lastUpdated: deleted.lastUpdated ?? null };
    const known = version.versionId !== null || version.lastUpdated !== null;
    const run = db.transaction((): { removed: boolean; stale: boolean } => {
      const held = st.held(resourceType, id);
      // Made again since this deletion: the newer copy stays.
      if (known && held && !held.deleted && !isNewer(version, held)) return { removed: false, stale: true };
      const holds = held !== null && !held.deleted && st.owner(resourceType, id) !== null;
      if (holds) st.remove(resourceType, id);
      // The tombstone keeps the deletion's version (or, unknown, the last version the copy held).
      const tombstone = known ? version : held ? { versionId: held.versionId, lastUpdated: held.lastUpdated } : version;
      if (held || known) st.keep(resourceType, id, tombstone, true, source, new Date().toISOString());
      return { removed: holds, stale: false };
    });
    return this.audited(
      source,
      'remove',
      () => run(),
      (r) => ({ removed: r.removed ? 1 : 0, stale: r.stale ? 1 : 0, type: resourceType }),
    ).removed;
  }

  versionOf(resourceType: string, id: string): string | null {
    const db = this.store.connection();
    const held = guardStore(() => this.statements(db).held(resourceType, id));
    return held && !held.deleted ? held.versionId : null;
  }

  private statements(db: Db): Statements {
    this.prepared ??= statements(db);
    return this.prepared;
  }

  /** Runs one transaction, then its audit row (a failed one, with the error's code, when it failed). */
  private audited<T>(source: ServerSource, step: 'apply' | 'remove', run: () => T, counts: (r: T) => Record<string, string | number>): T {
    const sourceObject = { display: `fhir-server:${source}`, detail: { stage: step } };
    let result: T;
    try {
      result = guardStore(run);
    } catch (err) {
      const code = storeError(err)?.code ?? 'failed';
      try {
        this.store.auditLog.append({
          operation: 'import',
          ctx: this.ctx,
          patientIds: [],
          fields: [],
          outcome: 'failed',
          objects: [sourceObject, { display: 'server copy result', detail: { error: code } }],
        });
      } catch {
        // The failure itself (a full disk) may stop this row too: the original error is what matters.
      }
      throw err;
    } finally {
      this.store.countsChanged();
    }
    this.store.auditLog.append({
      operation: 'import',
      ctx: this.ctx,
      patientIds: [],
      fields: [],
      outcome: 'success',
      objects: [sourceObject, { display: 'server copy result', detail: counts(result) }],
    });
    return result;
  }
}
