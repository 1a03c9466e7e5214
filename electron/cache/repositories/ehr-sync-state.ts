/**
 * The EHR link's own state in the store (table `ehr_sync_state`, one JSON value per key): the bulk
 * export in progress (its status URL, manifest and finished files, so a restart resumes it) and the
 * sync point (the server instant the copy is complete up to). No patient data is kept here.
 */
import { guardStore } from '../store-errors';
import type { Store } from '../store';

import type { SyncStateKey, SyncStateStore } from '../../ehr/sync-state';

export type EhrSyncStateKey = SyncStateKey;

export class EhrSyncStateRepository implements SyncStateStore {
  constructor(private readonly store: Store) {}

  /** The value kept under `key`, checked by `parse` (null when none is kept or it does not parse). */
  get<T>(key: EhrSyncStateKey, parse: (value: unknown) => T | null): T | null {
    const db = this.store.connection();
    const row = guardStore(() => db.prepare<[string], { value: string }>('SELECT value FROM ehr_sync_state WHERE key = ?').get(key));
    if (!row) return null;
    try {
      return parse(JSON.parse(row.value));
    } catch {
      return null;
    }
  }

  set(key: EhrSyncStateKey, value: unknown, now = new Date()): void {
    const db = this.store.connection();
    guardStore(() =>
      db
        .prepare(
          'INSERT INTO ehr_sync_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        )
        .run(key, JSON.stringify(value), now.toISOString()),
    );
  }

  delete(key: EhrSyncStateKey): void {
    const db = this.store.connection();
    guardStore(() => db.prepare('DELETE FROM ehr_sync_state WHERE key = ?').run(key));
  }
}
