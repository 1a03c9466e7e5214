/**
 * SMART Backend Services (OAuth 2.0 client credentials with a `private_key_jwt` client assertion,
 * RFC 7523): the desk proves who it is with a short-lived JWT signed by its private key, and gets a
 * bearer token for the FHIR server.
 *
 * - The token is reused until its refresh time (`tokenTimes`: 30 s before it expires, or at two thirds
 *   of its life for short-lived tokens). Its life is counted from when the request was SENT, so time
 *   spent on the wire only makes it end sooner. An expired token is never returned.
 * - Concurrent callers share one token request. A token due for replacement but not expired is
 *   replaced in the background and handed out meanwhile (also while the token endpoint is down).
 * - `invalidate()` (after a 401 from the FHIR server) drops the token so the next call asks for a fresh one.
 * - Errors are coded (`ehrAuthClientRejected`, `ehrAuthRefused`, `ehrAuthUnreachable`, `ehrAuthBadResponse`)
 *   and never carry the key, the assertion or a token.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { CodedError } from '../../shared/errors';
import { safeLog } from '../main/safe-log';
import { boundedFetch } from './bounded-fetch';
import type { EhrConnection, SmartBackendAuth } from './connection-settings';
import type { CachedToken, TokenCache } from './connection-store';
import { parsePrivateKey } from './private-key';
import { discoverTokenEndpoint } from './smart-configuration';
import { MAX_TOKEN_RESPONSE_BYTES, readTokenResponse } from './token-response';

export interface EhrAuthorizer {
  /** The `Authorization` header value (`Bearer …`), or null when the server takes no authentication. */
  authorize(): Promise<string | null>;
  /**
   * Drops the current token so the next `authorize()` asks for a fresh one (after a 401). Given the
   * header value that was refused, it drops the token only if that is still the current one, so
   * several requests failing with the same token cause one new token request, not several.
   */
  invalidate(refused?: string): void;
}

export interface AuthorizerOptions {
  /** Where the token is kept between runs (sealed); none by default. */
  tokenCache?: TokenCache;
  /** The time limit of each HTTP exchange (discovery, token request). Default 10 s. */
  timeoutMs?: number;
}

/** The client assertion's lifetime: under the 5 minutes SMART allows, leaving room for clock skew. */
export const ASSERTION_LIFETIME_SECONDS = 240;
/** How long before expiry a long-lived token is replaced. */
export const REFRESH_MARGIN_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * When a token whose request was sent at `sentAt` and that lives `lifeMs` stops being used and is
 * replaced. Servers count expiry in whole seconds (exp = their now, rounded down, + expires_in), so up
 * to a second is taken off first; then it is replaced 30 s before that, or at two thirds of its life
 * when it lives less than 90 s.
 */
export function tokenTimes(sentAt: number, lifeMs: number): { expiresAt: number; refreshAt: number } {
  const usable = lifeMs - Math.min(1000, lifeMs / 2);
  return { expiresAt: sentAt + usable, refreshAt: sentAt + usable - Math.min(REFRESH_MARGIN_MS, usable / 3) };
}

const bearer = (t: CachedToken): string => `Bearer ${t.accessToken}`;

class SmartBackendAuthorizer implements EhrAuthorizer {
  private readonly key: KeyObject;
  private readonly timeoutMs: number;
  private token: CachedToken | null;
  private inFlight: Promise<CachedToken> | null = null;
  private discoveredTokenUrl: string | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly auth: SmartBackendAuth,
    private readonly cache: TokenCache | undefined,
    timeoutMs: number | undefined,
  ) {
    this.key = parsePrivateKey(auth.privateKey, auth.alg);
    this.timeoutMs = timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const cached = cache?.load() ?? null;
    this.token = cached && Date.now() < cached.refreshAt ? cached : null;
  }

  async authorize(): Promise<string> {
    const current = this.token;
    if (current && Date.now() < current.refreshAt) return bearer(current);
    if (current && Date.now() < current.expiresAt) {
      // Due for replacement but still good: it is replaced in the background and used meanwhile, so
      // no caller waits on the token endpoint (or on its outage) while a good token is at hand.
      this.refresh().catch((err: unknown) => {
        safeLog.warn('the EHR access token could not be replaced yet; the current one is used until it expires', err);
      });
      return bearer(current);
    }
    const token = await this.refresh();
    // A token that expired while its answer was on the way is never handed out.
    if (Date.now() >= token.expiresAt)
      throw new CodedError('ehrAuthBadResponse', 'the token expired before it could be used; its lifetime is too short for this network');
    return bearer(token);
  }

  /** The one token request in flight, started if there is none. */
  private refresh(): Promise<CachedToken> {
    this.inFlight ??= this.requestToken().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  invalidate(refused?: string): void {
    if (!this.token || (refused !== undefined && refused !== bearer(this.token))) return;
    this.token = null;
    this.cache?.clear();
  }

  private async tokenUrl(): Promise<string> {
    if (this.auth.tokenUrl) return this.auth.tokenUrl;
    this.discoveredTokenUrl ??= await discoverTokenEndpoint(this.baseUrl, this.auth.alg, this.timeoutMs);
    return this.discoveredTokenUrl;
  }

  private assertion(tokenUrl: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: this.auth.alg, kid: this.auth.kid, typ: 'JWT' })
      .setIssuer(this.auth.clientId)
      .setSubject(this.auth.clientId)
      .setAudience(tokenUrl)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS)
      .sign(this.key);
  }

  private async requestToken(): Promise<CachedToken> {
    const tokenUrl = await this.tokenUrl();
    try {
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        scope: this.auth.scope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await this.assertion(tokenUrl),
      });
      const sentAt = Date.now();
      const answer = await boundedFetch(
        tokenUrl,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body },
        { what: 'the token endpoint', timeoutMs: this.timeoutMs, maxBytes: MAX_TOKEN_RESPONSE_BYTES },
      );
      const grant = readTokenResponse(answer);
      const token: CachedToken = { accessToken: grant.accessToken, ...tokenTimes(sentAt, grant.expiresInSeconds * 1000) };
      this.token = token;
      this.keep(token);
      return token;
    } catch (err) {
      // A discovered endpoint that failed is looked up again next time (the server may have moved it).
      this.discoveredTokenUrl = null;
      throw err;
    }
  }

  private keep(token: CachedToken): void {
    try {
      this.cache?.save(token);
    } catch (err) {
      safeLog.warn('the EHR access token could not be cached on disk; it is kept in memory only', err);
    }
  }
}

/** The authorizer for a connection: `none` gives no header; `smartBackend` runs the token flow above. */
export function createEhrAuthorizer(connection: EhrConnection, options: AuthorizerOptions = {}): EhrAuthorizer {
  if (connection.auth.kind === 'none') return { authorize: () => Promise.resolve(null), invalidate: () => undefined };
  return new SmartBackendAuthorizer(connection.baseUrl, connection.auth, options.tokenCache, options.timeoutMs);
}
