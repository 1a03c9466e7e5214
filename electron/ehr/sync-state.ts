/**
 * Where the EHR link keeps its own state (the store's `ehr_sync_state`, through its repository): the
 * port the loader and the sync engine use, and the sync point — the server instant the copy is
 * complete up to — read and written in this one place.
 */
export type SyncStateKey = 'bulk-export' | 'sync-point' | 'initial-load';

export interface SyncStateStore {
  get<T>(key: SyncStateKey, parse: (value: unknown) => T | null): T | null;
  set(key: SyncStateKey, value: unknown): void;
  delete(key: SyncStateKey): void;
}

const isInstant = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));

/** The server instant the copy is complete up to (the export's transaction time, then each sync's), or null before the first load. */
export const readSyncPoint = (state: SyncStateStore): string | null => state.get('sync-point', (v) => (isInstant(v) ? v : null));

export function writeSyncPoint(state: SyncStateStore, instant: string): void {
  if (!isInstant(instant)) throw new Error('a sync point must be an instant');
  state.set('sync-point', instant);
}
