/**
 * The version rule of the server's copy, in one place: a resource keeps the server's
 * `meta.versionId` and `meta.lastUpdated`; of two versions, the newer is the one with the higher
 * versionId when both are integers (HAPI and most servers count them), else the later lastUpdated.
 */
import { isFhirDateTime } from '../../../shared/domain/fhir-date';

export interface ServerVersion {
  versionId: string | null;
  lastUpdated: string | null;
}

const INTEGER = /^\d{1,15}$/;
const VERSION_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The server version a resource carries, or a reason (paths only, never values) when its `meta` is not valid. */
export function serverVersionOf(resource: { meta?: unknown }): { ok: true; version: ServerVersion } | { ok: false; reason: string } {
  const meta = resource.meta;
  if (meta === undefined) return { ok: true, version: { versionId: null, lastUpdated: null } };
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return { ok: false, reason: 'meta: not an object' };
  const { versionId, lastUpdated } = meta as { versionId?: unknown; lastUpdated?: unknown };
  if (versionId !== undefined && (typeof versionId !== 'string' || !VERSION_ID.test(versionId))) return { ok: false, reason: 'meta.versionId: not a FHIR id' };
  if (lastUpdated !== undefined && (typeof lastUpdated !== 'string' || !isFhirDateTime(lastUpdated) || Number.isNaN(Date.parse(lastUpdated)))) {
    return { ok: false, reason: 'meta.lastUpdated: not a FHIR instant' };
  }
  return { ok: true, version: { versionId: versionId ?? null, lastUpdated: lastUpdated ?? null } };
}

/**
 * Whether `incoming` is newer than `held`. Versions that cannot be compared (no versionId pair of
 * integers and no lastUpdated pair) count as newer: the server is the authority, and what the copy
 * holds without a version (an imported file) gives way to what the server says.
 */
export function isNewer(incoming: ServerVersion, held: ServerVersion): boolean {
  if (incoming.versionId !== null && held.versionId !== null && INTEGER.test(incoming.versionId) && INTEGER.test(held.versionId)) {
    return Number(incoming.versionId) > Number(held.versionId);
  }
  if (incoming.lastUpdated !== null && held.lastUpdated !== null) return Date.parse(incoming.lastUpdated) > Date.parse(held.lastUpdated);
  if (incoming.versionId !== null && held.versionId !== null && incoming.versionId === held.versionId) return false;
  return true;
}
