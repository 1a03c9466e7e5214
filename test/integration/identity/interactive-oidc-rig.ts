/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 for the desk's interactive sign-in: the Authorization
 * Code flow with PKCE (required) for a native public client registered with `http://127.0.0.1/callback` (the
 * provider takes any port on loopback for a native client, RFC 8252 §7.3), its own login and consent pages
 * (dev interactions: any password; the login name picks the account), refresh tokens with `offline_access`,
 * revocation and RP-initiated logout. Each account's claims (groups, team, name) go into the ID token.
 * It serves https (as every real provider does, and as the desk insists) with a certificate made for this run
 * for 127.0.0.1: the desk's fetch and the browser are told to trust that one certificate.
 * With `fhir` it is also the authorization server of a FHIR server that trusts the organisation's sign-in: the access
 * tokens are then opaque handles for that server (resource indicator, audience the FHIR base, the SMART `user/` scopes
 * the desk asks for), which the FHIR server checks at the introspection endpoint as a client registered by
 * `registerResourceServer`; a test can revoke a user's latest one (`revokeLatestAccessToken`).
 * The sibling of the SMART Backend Services rig in the EHR tests.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import Provider from 'oidc-provider';
import { registerResourceServer } from '../ehr/resource-server-client';

export const DESK_CLIENT_ID = 'carefront-desk';

export interface RigAccount {
  name: string;
  groups?: string[];
  team?: string;
}

export interface InteractiveOidcRig {
  readonly issuer: string;
  /** The provider's TLS certificate (PEM) and the base64 SHA-256 of its public key (for Chromium's SPKI list). */
  readonly certificate: string;
  readonly certificateSpkiSha256: string;
  /** Accounts by login name; change them between sign-ins (e.g. a group added at the provider). */
  readonly accounts: Map<string, RigAccount>;
  /** The lifetime of the access tokens issued from now on. */
  accessTokenTtlSeconds: number;
  /** While true the provider is down: every request gets 503 Service Unavailable. */
  outage: boolean;
  /** Requests answered 503 during outages. */
  readonly requestsDuringOutage: number;
  /** GET requests for the provider's public keys (its jwks_uri). */
  readonly jwksRequests: number;
  /** Refresh token grants the provider granted. */
  readonly refreshRequests: number;
  /** Refresh tokens the provider destroyed (revoked at its revocation endpoint). */
  readonly revokedRefreshTokens: number;
  /** The introspection endpoint and a confidential client (client_secret_basic) a resource server uses to call it. */
  registerResourceServer(): Promise<{ introspectionUrl: string; clientId: string; clientSecret: string }>;
  /** Revokes the access token last issued to an account (by login name): introspection says it is no longer active. */
  revokeLatestAccessToken(login: string): Promise<void>;
  close(): Promise<void>;
}

export interface InteractiveOidcRigOptions {
  /** A FHIR server whose access tokens this provider issues: its base URL (the resource) and the scopes it grants. */
  fhir?: { resource: string; scope: string };
}

export async function startInteractiveOidcRig(o: InteractiveOidcRigOptions = {}): Promise<InteractiveOidcRig> {
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const state = { ttl: 300, refreshRequests: 0, revokedRefreshTokens: 0, outage: false, requestsDuringOutage: 0, jwksRequests: 0 };
  const tls = loopbackCertificate();
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    if (state.outage) {
      state.requestsDuringOutage += 1;
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    if (req.method === 'GET' && req.url === '/jwks') state.jwksRequests += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, RigAccount>();
  const signing = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(signing.export({ format: 'jwk' }) as JWK), kid: 'provider-1', alg: 'RS256', use: 'sig' }] },
    clients: [
      {
        client_id: DESK_CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        post_logout_redirect_uris: ['http://127.0.0.1/signed-out'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    // An account the provider does not have (or no longer has: removed from `accounts`) is not found.
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, ...(accounts.get(id) ?? account) }) } : undefined;
    },
    claims: { openid: ['sub', 'groups', 'team'], profile: ['name'] },
    // The claims of the scopes granted go into the ID token (the desk reads roles from it, not from userinfo).
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      introspection: { enabled: true },
      ...(o.fhir ? { resourceIndicators: fhirResource(o.fhir, () => state.ttl) } : {}),
    },
    ttl: { AccessToken: () => state.ttl, IdToken: () => state.ttl, RefreshToken: () => 3600, Grant: () => 3600, Session: () => 3600 },
  });
  provider.on('grant.success', (ctx: unknown) => {
    if ((ctx as { oidc: { params: { grant_type?: string } } }).oidc.params.grant_type === 'refresh_token') state.refreshRequests += 1;
  });
  provider.on('refresh_token.destroyed', () => {
    state.revokedRefreshTokens += 1;
  });
  const latestAccessToken = new Map<string, { destroy(): Promise<void> }>();
  // An opaque access token is saved at the provider as it is issued (a JWT one is only issued).
  for (const event of ['access_token.saved', 'access_token.issued']) {
    provider.on(event, (token: unknown) => {
      const issued = token as { accountId?: string; destroy(): Promise<void> };
      if (issued.accountId) latestAccessToken.set(issued.accountId, issued);
    });
  }
  handler = provider.callback();

  return {
    issuer,
    certificate: tls.cert,
    certificateSpkiSha256: crypto.hash('sha256', crypto.createPublicKey(tls.cert).export({ type: 'spki', format: 'der' }), 'base64'),
    accounts,
    get accessTokenTtlSeconds() {
      return state.ttl;
    },
    set accessTokenTtlSeconds(seconds: number) {
      state.ttl = seconds;
    },
    get outage() {
      return state.outage;
    },
    set outage(down: boolean) {
      state.outage = down;
    },
    get requestsDuringOutage() {
      return state.requestsDuringOutage;
    },
    get jwksRequests() {
      return state.jwksRequests;
    },
    get refreshRequests() {
      return state.refreshRequests;
    },
    get revokedRefreshTokens() {
      return state.revokedRefreshTokens;
    },
    registerResourceServer: () => registerResourceServer(provider, `${issuer}/token/introspection`),
    revokeLatestAccessToken: async (login) => {
      const token = latestAccessToken.get(login);
      if (!token) throw new Error('the provider issued no access token to that account');
      await token.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** The resource indicators of a FHIR server trusting this provider: opaque access tokens for it, checked by introspection. */
function fhirResource(fhir: { resource: string; scope: string }, ttl: () => number) {
  return {
    enabled: true,
    defaultResource: () => fhir.resource,
    useGrantedResource: () => true,
    getResourceServerInfo: () => ({ scope: fhir.scope, audience: fhir.resource, accessTokenTTL: ttl(), accessTokenFormat: 'opaque' }),
  };
}

/** A self-signed certificate for 127.0.0.1 (P-256, one day), made with openssl. */
function loopbackCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-idp-tls-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
