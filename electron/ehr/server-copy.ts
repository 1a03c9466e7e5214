/**
 * The local encrypted copy of what the organisation's FHIR server holds. Everything that comes from
 * the server — the first load (`$export`), the changes since (subscription or polling), and the
 * server's answer to a write this desk made (the outbox) — goes into the cache through this one port,
 * so one rule decides what is kept: a resource keeps its `meta.versionId` and `meta.lastUpdated`, an
 * older version never overwrites a newer one, and a resource deleted on the server leaves the copy.
 */
import type { Resource } from 'fhir/r4';

/** Where a server resource reached this desk from (kept with it, and in the audit trail). */
export type ServerSource = 'export' | 'sync' | 'write-back';

export interface ApplyResult {
  /** Kept: new, or newer than the copy's. */
  applied: number;
  /** Not kept: the copy already holds this version or a newer one. */
  stale: number;
  /** Not kept: not a valid resource of a type the cache keeps (counted, never thrown). */
  rejected: number;
  /** The patients whose copy changed (ids only), so an open patient view can refresh. */
  patientIds: string[];
}

/** The server's version of a deletion (a history entry: `meta.versionId` / `lastUpdated` of the DELETE). */
export interface DeletedVersion {
  versionId?: string | null;
  lastUpdated?: string | null;
}

/** Options of one `apply`. */
export interface ApplyOptions {
  /**
   * The resources' JSON text as the server sent it (an export file's lines), index for index with the resources:
   * kept as it is, instead of the parsed value written out again. Each text must be the JSON the resource was parsed from.
   */
  texts?: readonly string[];
}

export interface ServerCopy {
  /** Keeps each resource unless the copy already holds the same or a newer version. Atomic per call. */
  apply(resources: readonly Resource[], source: ServerSource, options?: ApplyOptions): ApplyResult;
  /**
   * A resource deleted on the server leaves the copy; true when the copy held it. `deleted`, when
   * known (a history entry's version), keeps a newer copy (the resource was made again since) and
   * stops an older version arriving later from bringing it back.
   */
  remove(resourceType: string, id: string, source: ServerSource, deleted?: DeletedVersion): boolean;
  /** The version the copy holds (`meta.versionId`), or null when it holds none. */
  versionOf(resourceType: string, id: string): string | null;
}
