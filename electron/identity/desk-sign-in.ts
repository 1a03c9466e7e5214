/**
 * Signing the desk's user in through the organisation's identity provider (OpenID Connect, Authorization
 * Code with PKCE, a public native client) and keeping the session going.
 *
 * - Sign-in: discovery, a fresh PKCE verifier, state and nonce, a loopback listener for the redirect
 *   (RFC 8252), the authorization URL opened in the system browser through the injected `openExternal`, the
 *   code exchanged and the ID token validated by openid-client (issuer, audience, expiry, nonce, and its signature
 *   against the provider's published keys),
 *   then the session derived from its claims (`sessionFromClaims`). A new sign-in cancels one still waiting.
 * - Refresh: before the access token expires (`tokenTimes`), with the refresh token; a new ID token's claims
 *   replace the session's roles (it must name the same subject). A provider that cannot be reached is tried
 *   again while the token is still good; a refused refresh (the account disabled, the grant revoked), a new
 *   ID token naming someone else, or the expiry, ends the session.
 * - Sign-out: the tokens are dropped at once (the refresh token revoked at the provider when it can), and when
 *   the provider has an `end_session_endpoint` its logout page (RP-initiated logout) is opened in the browser,
 *   so the next person at a shared desk is not signed in as this one.
 * Tokens never leave this object and are never logged.
 */
import * as oidc from 'openid-client';
import { CodedError, codeOf } from '../../shared/errors';
import { safeLog } from '../main/safe-log';
import { tokenTimes } from '../ehr/smart-backend-auth';
import { sessionFromClaims, type DeskSession } from './desk-session';
import type { IdentitySettings } from './identity-settings';
import { listenForRedirect, type LoopbackRedirect } from './loopback-redirect';
import { providerFailure } from './provider-errors';

export interface DeskSignInOptions {
  /** Opens a URL in the system browser (Electron's `shell.openExternal`). */
  openExternal(url: string): Promise<void>;
  /** Told of every change of the session: signed in, refreshed (roles may change), or ended (null). */
  onSessionChange?(session: DeskSession | null): void;
  /**
   * How the desk reaches the provider: Electron's `net.fetch` in the app (the system's proxy settings and
   * certificate store, so an organisation's own CA is trusted as the browser trusts it); Node's fetch by default.
   */
  fetch?: oidc.CustomFetch;
  /** The time limit of each HTTP exchange with the provider, in seconds. Default 10. */
  httpTimeoutSeconds?: number;
  /** How soon a refresh that could not reach the provider is tried again. Default 15 s. */
  refreshRetryMs?: number;
  /**
   * How often the provider is asked again (a refresh) whether this user may still work here, however long the token
   * lives: a user disabled or a session revoked at the provider ends the desk's session within this time. Default 60 s.
   */
  sessionCheckMs?: number;
}

interface HeldTokens {
  accessToken: string;
  refreshToken: string | null;
  idToken: string;
  expiresAt: number;
  refreshAt: number;
}

/** Used when the provider's token response names no lifetime. */
const DEFAULT_TOKEN_LIFE_SECONDS = 300;

export class DeskSignIn {
  private config: oidc.Configuration | null = null;
  private tokens: HeldTokens | null = null;
  private session: DeskSession | null = null;
  private pending: LoopbackRedirect | null = null;
  private refreshing: Promise<DeskSession> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Sign-ins started (and disposals): a sign-in still getting ready when this moves on is cancelled. */
  private attempts = 0;

  constructor(
    private readonly settings: IdentitySettings,
    private readonly options: DeskSignInOptions,
  ) {}

  /** Who is signed in, or null. */
  current(): DeskSession | null {
    return this.session;
  }

  /** Signs the user in through the system browser; the session it ends with. */
  async signIn(): Promise<DeskSession> {
    const attempt = ++this.attempts;
    this.pending?.cancel();
    const config = await this.configuration();
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const codeChallenge = await oidc.calculatePKCECodeChallenge(pkceCodeVerifier);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const redirect = await listenForRedirect({ path: this.settings.redirectPath, expectedState: state, timeoutMs: this.settings.signInTimeoutSeconds * 1000 });
    if (attempt !== this.attempts) {
      // Another sign-in started, or the desk signed out or was disposed, while this one was getting ready.
      redirect.cancel();
      throw new CodedError('signInCancelled', 'the sign-in was cancelled');
    }
    this.pending = redirect;
    try {
      const scope = this.settings.scope;
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirect.redirectUri,
        scope,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        state,
        nonce,
        // OpenID Connect Core 11: a refresh token (offline_access) is granted on a consent prompt.
        ...(scope.split(' ').includes('offline_access') ? { prompt: 'consent' } : {}),
      });
      await this.options.openExternal(url.href);
      const callback = await redirect.response;
      const sentAt = Date.now();
      const response = await oidc
        .authorizationCodeGrant(config, callback, { pkceCodeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true })
        .catch((err: unknown) => {
          throw providerFailure(err, 'the code exchange');
        });
      if (attempt !== this.attempts) throw new CodedError('signInCancelled', 'the sign-in was cancelled during the code exchange');
      return this.begin(response, sentAt);
    } finally {
      redirect.cancel();
      if (this.pending === redirect) this.pending = null;
    }
  }

  /**
   * The signed-in user's access token as an `Authorization` header, for a resource server that trusts the provider
   * (the FHIR server, when the site says so). A token due for refresh is refreshed first; `signInRequired` when nobody
   * is signed in (also while locked). Tokens are never logged.
   */
  async bearer(): Promise<string> {
    const tokens = this.tokens;
    if (!tokens) throw new CodedError('signInRequired', 'nobody is signed in at this desk');
    if (Date.now() < tokens.refreshAt) return `Bearer ${tokens.accessToken}`;
    if (tokens.refreshToken) {
      try {
        await this.refresh();
      } catch (err) {
        // A provider that cannot be reached: the token in hand serves until it expires.
        if (this.tokens !== tokens || Date.now() >= tokens.expiresAt) throw err;
      }
    }
    const now = this.tokens;
    if (!now || Date.now() >= now.expiresAt) throw new CodedError('signInRequired', 'the session has ended');
    return `Bearer ${now.accessToken}`;
  }

  /**
   * A resource server refused `refused` (401): when it is still the current token, the next `bearer()` asks the
   * provider for a fresh one (a refused refresh ends the session: the provider no longer vouches for the user). A burst
   * of 401s for one token causes one refresh.
   */
  refusedBearer(refused: string): void {
    const tokens = this.tokens;
    if (tokens && refused === `Bearer ${tokens.accessToken}`) tokens.refreshAt = 0;
  }

  /** Refreshes the tokens now (it also happens on its own before they expire). */
  refresh(): Promise<DeskSession> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Ends the session: the tokens are dropped; the provider's logout URL (opened in the browser) when it has one. */
  async signOut(): Promise<{ endSessionUrl: string | null }> {
    this.attempts += 1;
    this.pending?.cancel();
    const tokens = this.tokens;
    const config = this.config;
    this.end();
    if (!tokens || !config) return { endSessionUrl: null };
    if (tokens.refreshToken && config.serverMetadata().revocation_endpoint) {
      await oidc.tokenRevocation(config, tokens.refreshToken, { token_type_hint: 'refresh_token' }).catch((err: unknown) => {
        safeLog.warn('sign-out: the refresh token could not be revoked at the identity provider', providerFailure(err, 'the revocation'));
      });
    }
    if (!config.serverMetadata().end_session_endpoint) return { endSessionUrl: null };
    const endSessionUrl = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.idToken }).href;
    await this.options.openExternal(endSessionUrl);
    return { endSessionUrl };
  }

  /**
   * Locks the desk: the session is dropped here (its tokens forgotten, none revoked, the provider's own session left
   * as it is), so unlocking is a sign-in again — without a login page where the provider's session allows it.
   */
  lock(): void {
    this.attempts += 1;
    this.pending?.cancel();
    this.pending = null;
    this.end();
  }

  /** Stops a sign-in still waiting and the refresh timer (the session is kept). */
  dispose(): void {
    this.attempts += 1;
    this.pending?.cancel();
    this.clearTimer();
  }

  private async configuration(): Promise<oidc.Configuration> {
    if (this.config) return this.config;
    try {
      this.config = await oidc.discovery(new URL(this.settings.issuer), this.settings.clientId, undefined, oidc.None(), {
        ...(this.options.fetch ? { [oidc.customFetch]: this.options.fetch } : {}),
        // The ID token's signature is checked against the provider's JWKS too (TLS alone would do for the
        // login itself): the subject becomes the actor of the desk's audit trail, so its proof is kept strong.
        execute: [oidc.enableNonRepudiationChecks],
        timeout: this.options.httpTimeoutSeconds ?? 10,
      });
    } catch (err) {
      throw providerFailure(err, 'discovery');
    }
    return this.config;
  }

  private begin(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers, sentAt: number): DeskSession {
    const claims = response.claims();
    if (!claims || !response.id_token) throw new CodedError('signInRefused', 'the token response has no ID token');
    const times = tokenTimes(sentAt, (response.expiresIn() ?? DEFAULT_TOKEN_LIFE_SECONDS) * 1000);
    this.tokens = { accessToken: response.access_token, refreshToken: response.refresh_token ?? null, idToken: response.id_token, ...times };
    const session = sessionFromClaims(claims, this.settings, times.expiresAt);
    for (const notice of session.notices) safeLog.warn(`sign-in: ${notice.code}`);
    this.session = session;
    this.schedule(this.tokens.refreshToken ? this.nextCheck(times.refreshAt) : times.expiresAt);
    this.options.onSessionChange?.(session);
    return session;
  }

  private async refreshOnce(): Promise<DeskSession> {
    const tokens = this.tokens;
    const session = this.session;
    if (!tokens || !session) throw new CodedError('signInRefused', 'nobody is signed in');
    if (!tokens.refreshToken) throw new CodedError('signInRefused', 'the provider gave no refresh token: sign in again');
    const config = await this.configuration();
    const sentAt = Date.now();
    const response = await oidc.refreshTokenGrant(config, tokens.refreshToken).catch((err: unknown) => {
      const failure = providerFailure(err, 'the refresh');
      // Refused (not merely unreachable): the provider no longer vouches for this user.
      if (failure.code === 'signInRefused' && this.tokens === tokens) this.end();
      throw failure;
    });
    if (this.tokens !== tokens) throw new CodedError('signInCancelled', 'the session ended while it was being refreshed');
    const claims = response.claims();
    if (claims && (claims.sub !== session.subject || claims.iss !== session.issuer)) {
      this.end();
      throw new CodedError('signInRefused', 'the refreshed ID token names another user');
    }
    const times = tokenTimes(sentAt, (response.expiresIn() ?? DEFAULT_TOKEN_LIFE_SECONDS) * 1000);
    this.tokens = {
      accessToken: response.access_token,
      refreshToken: response.refresh_token ?? tokens.refreshToken,
      idToken: response.id_token ?? tokens.idToken,
      ...times,
    };
    this.session = claims ? sessionFromClaims(claims, this.settings, times.expiresAt) : { ...session, expiresAt: times.expiresAt };
    this.schedule(this.nextCheck(times.refreshAt));
    this.options.onSessionChange?.(this.session);
    return this.session;
  }

  /** When to refresh next: before the token expires, and at least every `sessionCheckMs`. */
  private nextCheck(refreshAt: number): number {
    return Math.min(refreshAt, Date.now() + (this.options.sessionCheckMs ?? 60_000));
  }

  private schedule(at: number): void {
    this.clearTimer();
    this.timer = setTimeout(
      () => {
        void this.onTimer();
      },
      Math.max(0, at - Date.now()),
    );
    this.timer.unref();
  }

  private async onTimer(): Promise<void> {
    const tokens = this.tokens;
    if (!tokens) return;
    if (!tokens.refreshToken || Date.now() >= tokens.expiresAt) {
      safeLog.warn('sign-in: the session expired');
      this.end();
      return;
    }
    try {
      await this.refresh();
    } catch (err) {
      if (this.tokens !== tokens) return;
      const retryAt = Date.now() + (this.options.refreshRetryMs ?? 15_000);
      if (codeOf(err) === 'signInUnreachable' && retryAt < tokens.expiresAt) {
        safeLog.warn('sign-in: the refresh could not reach the identity provider; trying again', err);
        this.schedule(retryAt);
      } else {
        safeLog.warn('sign-in: the refresh failed; the session ended', err);
        this.end();
      }
    }
  }

  private end(): void {
    this.clearTimer();
    const had = this.session !== null;
    this.tokens = null;
    this.session = null;
    if (had) this.options.onSessionChange?.(null);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
