/**
 * The desk's Subscriptions on the FHIR server. Each is tagged with the desk's owner id and the name of what it
 * watches (`meta.tag`; R4's Subscription has no identifier), so a restart finds and reuses them instead of
 * adding more: the desk's tagged Subscriptions are read first, the ones it no longer needs (and any duplicate)
 * are deleted, one that drifted (status off or error, other criteria) is put back by a versioned update, and a
 * missing one is created conditionally (`If-None-Exist` on both tags, so two starts racing still make one).
 * Channel `websocket`, no payload: a notification says only that something changed; the sync engine reads
 * what changed from the server itself. Deletions matter too (a deleted resource must leave the desk's copy):
 * HAPI FHIR notifies them only when the channel carries its `subscription-send-delete-messages` extension, so
 * the channel does (other servers ignore an extension they do not know). The server activates a Subscription
 * asynchronously (requested → active).
 */
import type { Subscription } from 'fhir/r4';
import type { FhirClient } from './fhir-client';
import { FhirError } from './fhir-error';
import { isRecord, recordsIn } from './untrusted-json';

export const OWNER_TAG_SYSTEM = 'urn:carefront:ehr-watcher:owner';
export const WATCH_TAG_SYSTEM = 'urn:carefront:ehr-watcher:watch';
/** HAPI FHIR's switch for notifying deletions on an R4 Subscription's channel. */
export const SEND_DELETES_EXTENSION = 'http://hapifhir.io/fhir/StructureDefinition/subscription-send-delete-messages';
const OWNER_ID = /^[A-Za-z0-9][A-Za-z0-9\-.]{0,63}$/;
const REASON = 'Carefront desk: tells the desk that records it keeps a copy of have changed (no content is sent)';

/** One Subscription the watcher keeps: its name (the watch tag), its criteria and the resource types it covers. */
export interface Watch {
  key: string;
  criteria: string;
  resourceTypes: readonly string[];
}

export interface WatchedSubscription {
  watch: Watch;
  id: string;
}

/** One Subscription per type (standard R4), or one for all types with HAPI FHIR's `[A,B,…]` criteria. */
export function planWatches(resourceTypes: readonly string[], style: 'per-type' | 'multi-type'): Watch[] {
  if (resourceTypes.length === 0) throw new FhirError('invalidArgument', 'the watcher needs at least one resource type');
  for (const type of resourceTypes) if (!/^[A-Z][A-Za-z]{1,63}$/.test(type)) throw new FhirError('invalidArgument', 'not a FHIR resource type');
  if (style === 'multi-type') return [{ key: 'all-types', criteria: `[${resourceTypes.join(',')}]`, resourceTypes }];
  return resourceTypes.map((type) => ({ key: type, criteria: `${type}?`, resourceTypes: [type] }));
}

export function checkOwnerId(ownerId: string): string {
  if (typeof ownerId !== 'string' || !OWNER_ID.test(ownerId))
    throw new FhirError('invalidArgument', 'the watcher owner id must be 1-64 letters, digits, dots or dashes');
  return ownerId;
}

/** The Subscription the desk wants for `watch`. */
export function desiredSubscription(ownerId: string, watch: Watch): Subscription {
  return {
    resourceType: 'Subscription',
    meta: {
      tag: [
        { system: OWNER_TAG_SYSTEM, code: ownerId },
        { system: WATCH_TAG_SYSTEM, code: watch.key },
      ],
    },
    status: 'requested',
    reason: REASON,
    criteria: watch.criteria,
    channel: { type: 'websocket', extension: [{ url: SEND_DELETES_EXTENSION, valueBoolean: true }] },
  };
}

/** The desk's Subscriptions as the server holds them (bounded: a desk owns a dozen at most). */
export async function ownedSubscriptions(client: FhirClient, ownerId: string): Promise<Subscription[]> {
  const found = await client.search<Subscription>('Subscription', { _tag: `${OWNER_TAG_SYSTEM}|${ownerId}` }, { maxPages: 5, maxResources: 200 });
  return found.resources;
}

/** Makes the server hold exactly one fitting Subscription per watch (see the file comment); their ids, in order. */
export async function ensureSubscriptions(client: FhirClient, ownerId: string, watches: readonly Watch[]): Promise<WatchedSubscription[]> {
  const existing = new Map<string, Subscription>();
  for (const sub of await ownedSubscriptions(client, ownerId)) {
    const key = watchKeyOf(sub);
    if (!sub.id) continue;
    if (key !== undefined && watches.some((w) => w.key === key) && !existing.has(key)) existing.set(key, sub);
    else await client.delete('Subscription', sub.id);
  }
  const out: WatchedSubscription[] = [];
  for (const watch of watches) {
    const desired = desiredSubscription(ownerId, watch);
    const found = existing.get(watch.key);
    if (found?.id && fits(found, watch)) {
      out.push({ watch, id: found.id });
    } else if (found?.id && found.meta?.versionId) {
      const written = await client.update<Subscription>({ ...desired, id: found.id }, found.meta.versionId);
      out.push({ watch, id: idOf(written.resource) });
    } else {
      const query = new URLSearchParams([
        ['_tag', `${OWNER_TAG_SYSTEM}|${ownerId}`],
        ['_tag', `${WATCH_TAG_SYSTEM}|${watch.key}`],
      ]).toString();
      const written = await client.createIfNoneExist(desired, query);
      out.push({ watch, id: idOf(written.resource) });
    }
  }
  return out;
}

/**
 * Waits (bounded) until the server has activated every Subscription. A Subscription the server marks `error` or
 * `off`, or one still `requested` at the deadline, is an `ehrRefused`.
 */
export async function waitUntilActive(client: FhirClient, ids: readonly string[], timeoutMs: number, isCancelled: () => boolean, pollMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(ids);
  while (pending.size > 0) {
    for (const id of [...pending]) {
      if (isCancelled()) return;
      const sub = await client.read<Subscription>('Subscription', id);
      if (sub.status === 'active') pending.delete(id);
      else if (sub.status !== 'requested') throw new FhirError('ehrRefused', `the server set a watcher Subscription to ${token(sub.status)}`);
    }
    if (pending.size === 0) return;
    if (Date.now() >= deadline) throw new FhirError('ehrRefused', `the server did not activate the watcher Subscriptions within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Deletes every Subscription the desk owns; how many there were. */
export async function removeSubscriptions(client: FhirClient, ownerId: string): Promise<number> {
  const owned = await ownedSubscriptions(client, ownerId);
  for (const sub of owned) if (sub.id) await client.delete('Subscription', sub.id);
  return owned.length;
}

function watchKeyOf(sub: Subscription): string | undefined {
  const code = recordsIn(sub.meta?.tag).find((t) => t.system === WATCH_TAG_SYSTEM)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Reusable as it is: same criteria, websocket channel, no payload, deletions notified, and not switched off or failed. */
function fits(sub: Subscription, watch: Watch): boolean {
  return (
    sub.criteria === watch.criteria &&
    isRecord(sub.channel) &&
    sub.channel.type === 'websocket' &&
    !sub.channel.payload &&
    recordsIn(sub.channel.extension).some((e) => e.url === SEND_DELETES_EXTENSION && e.valueBoolean === true) &&
    (sub.status === 'active' || sub.status === 'requested')
  );
}

function idOf(sub: Subscription): string {
  if (!sub.id) throw new FhirError('ehrBadResponse', 'the server did not say which id it gave the watcher Subscription');
  return sub.id;
}

const token = (value: unknown): string => (typeof value === 'string' && /^[a-z-]{1,20}$/.test(value) ? value : 'an unknown status');
