/**
 * The site's EHR link as the rest of the main process sees it: the stored connection and its
 * authorizer (with the token cached, sealed, beside the settings). Built from the data directory and
 * the store key, like the SIP account.
 */
import { CodedError } from '../../shared/errors';
import type { UserAccess } from '../main/desk-identity';
import { SecretBox } from '../main/services/secret-box';
import type { EhrConnection } from './connection-settings';
import { EhrConnectionStore } from './connection-store';
import { FhirClient } from './fhir-client';
import { createEhrAuthorizer, type EhrAuthorizer } from './smart-backend-auth';

export interface SiteEhr {
  readonly store: EhrConnectionStore;
  /** The configured connection and its authorizer, or null when the site has none. */
  readonly link: { connection: EhrConnection; authorizer: EhrAuthorizer } | null;
}

export function openSiteEhr(dataDir: string, storeKey: Buffer, options: { timeoutMs?: number } = {}): SiteEhr {
  const store = new EhrConnectionStore(dataDir, new SecretBox(storeKey));
  const connection = store.load();
  if (!connection) return { store, link: null };
  const authorizer = createEhrAuthorizer(connection, { tokenCache: store.tokenCache(connection), ...options });
  return { store, link: { connection, authorizer } };
}

/** A configured site link. */
export type SiteLink = NonNullable<SiteEhr['link']>;

/**
 * How a client of the site's server signs its requests: the base URL, the authorizer's token, and a token the server
 * refused (401) dropped so the next request asks for a fresh one. The one place a client is tied to the authorizer.
 */
export function siteRequestAuth(link: SiteLink): { baseUrl: string; authorize: () => Promise<string | null>; invalidate: (refused: string) => void } {
  const { connection, authorizer } = link;
  return {
    baseUrl: connection.baseUrl,
    authorize: () => authorizer.authorize(),
    invalidate: (refused) => {
      authorizer.invalidate(refused);
    },
  };
}

/** A FHIR client of the site's server, signed by its authorizer. */
export const siteFhirClient = (link: SiteLink, options: { timeoutMs?: number } = {}): FhirClient => new FhirClient({ ...siteRequestAuth(link), ...options });

/**
 * How the desk's interactive requests (what the agent does on a call: scheduling, the worklist) are signed: by the
 * site's client, or, when the connection says `interactiveAs: signedInUser`, with the signed-in user's own access token
 * (a 401 makes the next request refresh it; with nobody signed in the request is refused with `signInRequired`). The
 * sync, the subscription and the outbox always go as the site: they run whoever is at the desk.
 */
export function interactiveRequestAuth(link: SiteLink, user: UserAccess | null): ReturnType<typeof siteRequestAuth> {
  if (link.connection.interactiveAs === 'site') return siteRequestAuth(link);
  if (!user)
    throw new CodedError('ehrSettingsInvalid', 'the EHR connection sends interactive requests as the signed-in user, but this site has no identity provider');
  return {
    baseUrl: link.connection.baseUrl,
    authorize: () => user.bearer(),
    invalidate: (refused) => {
      user.refused(refused);
    },
  };
}

/** A FHIR client for the desk's interactive requests (see `interactiveRequestAuth`). */
export const interactiveFhirClient = (link: SiteLink, user: UserAccess | null, options: { timeoutMs?: number } = {}): FhirClient =>
  new FhirClient({ ...interactiveRequestAuth(link, user), ...options });
