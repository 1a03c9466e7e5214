/**
 * Whether the FHIR server offers what the subscription watcher needs, read from its CapabilityStatement: the
 * Subscription resource (create, read, search) and a websocket endpoint for R4's `websocket` channel. The
 * endpoint is, in order: the one configured for the site; the one the server declares (R4's
 * `capabilitystatement-websocket` extension on `rest`); HAPI FHIR's fixed `<server root>/websocket` when the
 * server is HAPI FHIR (which declares none). The endpoint must be on the FHIR server's host (it is sent the
 * desk's Authorization header) and use TLS unless the server itself is plain http on loopback.
 */
import type { CapabilityStatement } from 'fhir/r4';
import { recordsIn } from './untrusted-json';

export const WEBSOCKET_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket';

export type SubscriptionSupport =
  | { offered: true; websocketUrl: string; /** The server is HAPI FHIR (it accepts multi-type criteria). */ hapi: boolean }
  | { offered: false; why: 'noSubscriptions' | 'noWebsocket' | 'websocketOffServer' };

const NEEDED_INTERACTIONS = ['create', 'read', 'search-type'] as const;

export function subscriptionSupport(cs: CapabilityStatement, baseUrl: string, configuredWebsocketUrl?: string): SubscriptionSupport {
  const rests = recordsIn(cs.rest);
  const rest = rests.find((r) => r.mode === 'server') ?? rests[0];
  const subscription = recordsIn(rest?.resource).find((r) => r.type === 'Subscription');
  const interactions = new Set(recordsIn(subscription?.interaction).map((i) => i.code));
  if (!subscription || NEEDED_INTERACTIONS.some((code) => !interactions.has(code))) return { offered: false, why: 'noSubscriptions' };

  const hapi = typeof cs.software?.name === 'string' && /\bHAPI FHIR\b/i.test(cs.software.name);
  const declared = recordsIn(rest?.extension).find((e) => e.url === WEBSOCKET_EXTENSION)?.valueUri;
  const candidate = configuredWebsocketUrl ?? (typeof declared === 'string' ? declared : undefined) ?? (hapi ? hapiWebsocketUrl(baseUrl) : undefined);
  if (candidate === undefined) return { offered: false, why: 'noWebsocket' };
  const websocketUrl = checkWebsocketUrl(candidate, baseUrl);
  return websocketUrl ? { offered: true, websocketUrl, hapi } : { offered: false, why: 'websocketOffServer' };
}

/** HAPI FHIR serves its subscription websocket beside the FHIR base: `https://h/fhir` → `wss://h/websocket`. */
export function hapiWebsocketUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '').replace(/\/[^/]*$/, '')}/websocket`;
  return url.toString();
}

/** The URL when it is a websocket URL on the FHIR server's host (TLS unless the base is plain http), else null. */
export function checkWebsocketUrl(raw: string, baseUrl: string): string | null {
  let url: URL;
  let base: URL;
  try {
    url = new URL(raw);
    base = new URL(baseUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'wss:' && !(url.protocol === 'ws:' && base.protocol === 'http:')) return null;
  if (url.hostname !== base.hostname || url.username || url.password || url.hash) return null;
  return url.toString();
}
