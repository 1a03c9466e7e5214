/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 for the SMART Backend Services tests: the
 * client_credentials grant, clients authenticating with `private_key_jwt` (RS384 or ES384) against the
 * public keys they registered, JWT access tokens for the FHIR audience signed with the provider's key
 * (published at its jwks_uri). On top of the provider's own checks of the client assertion (signature
 * with a registered key, iss = client id, aud, exp, jti never reused) it enforces the rest of SMART
 * Backend Services' rules (sub = iss, aud = the token URL, kid, typ JWT, exp at most 5 minutes ahead)
 * and keeps the last assertion's header and claims for the tests to read. Beside it, the FHIR base's `.well-known/smart-configuration`, built
 * from the provider's own discovery document (what a FHIR server in front of this provider publishes).
 * With `accessTokenFormat: 'opaque'` the tokens are opaque handles the provider keeps: a resource server checks them
 * with the provider's introspection endpoint (RFC 7662, as a client registered by `registerResourceServer`), and a
 * test can revoke one at the provider (`revoke`); the provider does not introspect or revoke JWT access tokens.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWK, type JWTPayload } from 'jose';
import Provider, { errors } from 'oidc-provider';
import { registerResourceServer } from './resource-server-client';

export const FHIR_SCOPES = 'system/*.rs system/*.cud system/*.read system/*.write';

export interface DeskKey {
  alg: 'RS384' | 'ES384';
  kid: string;
  privatePem: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A fresh key pair for a desk: RSA 2048 for RS384, P-384 for ES384. */
export function deskKey(alg: 'RS384' | 'ES384', kid = `desk-${crypto.randomUUID().slice(0, 8)}`): DeskKey {
  const { privateKey, publicKey } =
    alg === 'RS384' ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }) : crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  return {
    alg,
    kid,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateJwk: privateKey.export({ format: 'jwk' }),
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg, use: 'sig' },
  };
}

export interface OidcRig {
  readonly issuer: string;
  readonly tokenUrl: string;
  /** A FHIR base on the same origin: it serves only `.well-known/smart-configuration`. */
  readonly fhirBaseUrl: string;
  /** POST /token requests the provider received. */
  readonly tokenRequests: number;
  /** The header and claims of the last client assertion the provider accepted. */
  readonly lastAssertion: { header: Record<string, unknown>; claims: Record<string, unknown> } | null;
  /** The lifetime of the access tokens it issues from now on. */
  tokenTtlSeconds: number;
  /** Registers (or re-registers, e.g. with a rotated key) a client with its public keys. */
  register(clientId: string, key: Pick<DeskKey, 'alg'> & { publicJwks: JWK[] }): Promise<void>;
  /** Removes a client: its assertions are refused from now on. */
  remove(clientId: string): Promise<void>;
  /** Verifies an access token against the provider's published JWKS (issuer, audience, signature, expiry). */
  verify(accessToken: string): Promise<JWTPayload>;
  /** The introspection endpoint and a confidential client (client_secret_basic) a resource server uses to call it. */
  registerResourceServer(): Promise<{ introspectionUrl: string; clientId: string; clientSecret: string }>;
  /** Revokes an (opaque) access token at the provider: introspection says it is no longer active. */
  revoke(accessToken: string): Promise<void>;
  close(): Promise<void>;
}

export async function startOidcRig(o: { accessTokenFormat?: 'jwt' | 'opaque' } = {}): Promise<OidcRig> {
  const accessTokenFormat = o.accessTokenFormat ?? 'jwt';
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  let tokenRequests = 0;
  let smartConfiguration = '{}';
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && /^\/token(\?|$)/.test(req.url ?? '')) tokenRequests += 1;
    if (req.url === '/fhir/.well-known/smart-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(smartConfiguration);
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fhirBaseUrl = `${origin}/fhir`;

  const signing = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const state: { ttl: number; lastAssertion: OidcRig['lastAssertion'] } = { ttl: 300, lastAssertion: null };
  const provider = new Provider(origin, {
    jwks: { keys: [{ ...(signing.export({ format: 'jwk' }) as JWK), kid: 'provider-1', alg: 'RS256', use: 'sig' }] },
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic'],
    enabledJWA: { clientAuthSigningAlgValues: ['RS384', 'ES384'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => fhirBaseUrl,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: FHIR_SCOPES,
          audience: fhirBaseUrl,
          accessTokenTTL: state.ttl,
          accessTokenFormat,
          ...(accessTokenFormat === 'jwt' ? { jwt: { sign: { alg: 'RS256' as const } } } : {}),
        }),
      },
    },
    ttl: { AccessToken: () => state.ttl, ClientCredentials: () => state.ttl },
    assertJwtClientAuthClaimsAndHeader: (_ctx: unknown, claims: Record<string, unknown>, header: Record<string, unknown>) => {
      const now = Math.floor(Date.now() / 1000);
      if (claims.sub !== claims.iss) throw new errors.InvalidClientAuth('sub must equal iss');
      if (claims.aud !== `${origin}/token`) throw new errors.InvalidClientAuth('aud must be the token URL');
      if (typeof claims.exp !== 'number' || claims.exp > now + 300) throw new errors.InvalidClientAuth('exp must be at most 5 minutes ahead');
      if (typeof header.kid !== 'string' || header.typ !== 'JWT') throw new errors.InvalidClientAuth('kid and typ JWT are required');
      state.lastAssertion = { header, claims };
    },
  });
  handler = provider.callback();

  const discovery = (await (await fetch(`${origin}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  smartConfiguration = JSON.stringify({
    issuer: discovery.issuer,
    jwks_uri: discovery.jwks_uri,
    token_endpoint: discovery.token_endpoint,
    token_endpoint_auth_methods_supported: discovery.token_endpoint_auth_methods_supported,
    token_endpoint_auth_signing_alg_values_supported: discovery.token_endpoint_auth_signing_alg_values_supported,
    grant_types_supported: discovery.grant_types_supported,
    scopes_supported: FHIR_SCOPES.split(' '),
    capabilities: ['client-confidential-asymmetric'],
  });
  const jwks = createRemoteJWKSet(new URL(String(discovery.jwks_uri)));

  return {
    issuer: origin,
    tokenUrl: String(discovery.token_endpoint),
    fhirBaseUrl,
    get tokenRequests() {
      return tokenRequests;
    },
    get lastAssertion() {
      return state.lastAssertion;
    },
    get tokenTtlSeconds() {
      return state.ttl;
    },
    set tokenTtlSeconds(seconds: number) {
      state.ttl = seconds;
    },
    register: (clientId, key) =>
      provider.Client.adapter.upsert(clientId, {
        client_id: clientId,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: key.alg,
        jwks: { keys: key.publicJwks },
      }),
    remove: (clientId) => provider.Client.adapter.destroy(clientId),
    registerResourceServer: () => registerResourceServer(provider, String(discovery.introspection_endpoint)),
    revoke: async (accessToken) => {
      const token = (await provider.ClientCredentials.find(accessToken)) ?? (await provider.AccessToken.find(accessToken));
      if (!token) throw new Error('the provider does not hold that access token');
      await token.destroy();
    },
    verify: async (accessToken) => (await jwtVerify(accessToken, jwks, { issuer: origin, audience: fhirBaseUrl })).payload,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
