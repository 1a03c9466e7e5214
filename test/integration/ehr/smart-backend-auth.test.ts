/**
 * SMART Backend Services against a real OpenID provider (oidc-provider) on loopback: RS384 and ES384
 * clients with private_key_jwt, tokens verified against the provider's JWKS, reuse and refresh, one
 * request for concurrent callers, and refusals (removed client, rotated key, nothing listening).
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../../shared/errors';
import { parseEhrConnection } from '../../../electron/ehr/connection-settings';
import { createEhrAuthorizer, type EhrAuthorizer } from '../../../electron/ehr/smart-backend-auth';
import { deskKey, startOidcRig, type DeskKey, type OidcRig } from './oidc-rig';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tokenOf = (header: string | null): string => {
  expect(header).toMatch(/^Bearer [A-Za-z0-9\-._~+/]+=*$/);
  return header!.slice('Bearer '.length);
};

/** The coded error a promise rejects with; fails the test if it resolves. */
async function codedFailure(p: Promise<unknown>): Promise<CodedError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodedError);
  return err as CodedError;
}

describe('SMART Backend Services token flow against oidc-provider', () => {
  let rig: OidcRig;
  beforeAll(async () => {
    rig = await startOidcRig();
  });
  afterAll(() => rig.close());

  /** A registered client and an authorizer for it (the token URL given, or discovered when `discover`). */
  async function desk(alg: 'RS384' | 'ES384', o: { discover?: boolean; keyAs?: 'pem' | 'jwk'; key?: DeskKey } = {}) {
    const key = o.key ?? deskKey(alg);
    const clientId = `desk-${alg.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}`;
    await rig.register(clientId, { alg, publicJwks: [key.publicJwk] });
    const connection = parseEhrConnection({
      baseUrl: rig.fhirBaseUrl,
      auth: {
        kind: 'smartBackend',
        ...(o.discover ? {} : { tokenUrl: rig.tokenUrl }),
        clientId,
        alg,
        kid: key.kid,
        privateKey: o.keyAs === 'jwk' ? key.privateJwk : key.privatePem,
      },
    });
    return { clientId, key, connection, authorizer: createEhrAuthorizer(connection, { timeoutMs: 5000 }) };
  }

  it('an RS384 client gets a bearer token that verifies against the provider JWKS', async () => {
    const { clientId, key, authorizer } = await desk('RS384');
    const before = rig.tokenRequests;
    const payload = await rig.verify(tokenOf(await authorizer.authorize()));
    expect(payload.client_id).toBe(clientId);
    expect(String(payload.scope).split(' ')).toEqual(expect.arrayContaining(['system/*.rs', 'system/*.cud']));
    expect(rig.tokenRequests).toBe(before + 1);
    // The assertion the provider accepted: RFC 7523 / SMART claims.
    const { header, claims } = rig.lastAssertion!;
    expect(header).toMatchObject({ alg: 'RS384', kid: key.kid, typ: 'JWT' });
    expect(claims).toMatchObject({ iss: clientId, sub: clientId, aud: rig.tokenUrl });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(300);
  });

  it('an ES384 client with a JWK private key, its token URL discovered from .well-known/smart-configuration', async () => {
    const { clientId, authorizer } = await desk('ES384', { discover: true, keyAs: 'jwk' });
    const payload = await rig.verify(tokenOf(await authorizer.authorize()));
    expect(payload.client_id).toBe(clientId);
    expect(payload.aud).toBe(rig.fhirBaseUrl);
  });

  it('none gives no Authorization header', async () => {
    const authorizer = createEhrAuthorizer(parseEhrConnection({ baseUrl: rig.fhirBaseUrl, auth: { kind: 'none' } }));
    expect(await authorizer.authorize()).toBeNull();
  });

  it('reuses a token while it is good, refreshes a short-lived one before it expires, never returns an expired one', async () => {
    rig.tokenTtlSeconds = 3;
    try {
      const { authorizer } = await desk('RS384');
      const start = rig.tokenRequests;
      const first = tokenOf(await authorizer.authorize());
      expect(tokenOf(await authorizer.authorize())).toBe(first);
      expect(rig.tokenRequests).toBe(start + 1);

      // Ask every 100 ms for 4.5 s (longer than the token lives): each answer is unexpired when handed out.
      const seen = new Set<string>([first]);
      const until = Date.now() + 4500;
      while (Date.now() < until) {
        const token = tokenOf(await authorizer.authorize());
        expect(decodeJwt(token).exp! * 1000).toBeGreaterThan(Date.now());
        if (!seen.has(token)) await rig.verify(token); // signature, issuer, audience and expiry
        seen.add(token);
        await sleep(100);
      }
      // Replaced before expiry (at most one request per ~1.3 s of a 3 s token), not on every call.
      expect(seen.size).toBeGreaterThanOrEqual(3);
      // One request per token (and perhaps one replacement still on its way when the loop ended).
      expect(rig.tokenRequests - start).toBeGreaterThanOrEqual(seen.size);
      expect(rig.tokenRequests - start).toBeLessThanOrEqual(seen.size + 1);
    } finally {
      rig.tokenTtlSeconds = 300;
    }
  }, 15_000);

  it('while the token endpoint is down, a token due for replacement is used until it expires, then ehrAuthUnreachable', async () => {
    const own = await startOidcRig();
    own.tokenTtlSeconds = 6; // usable 5 s from when it was asked for, replaced from 3.33 s
    const key = deskKey('ES384');
    await own.register('desk-outage', { alg: 'ES384', publicJwks: [key.publicJwk] });
    const authorizer = createEhrAuthorizer(
      parseEhrConnection({
        baseUrl: own.fhirBaseUrl,
        auth: { kind: 'smartBackend', tokenUrl: own.tokenUrl, clientId: 'desk-outage', alg: 'ES384', kid: key.kid, privateKey: key.privatePem },
      }),
      { timeoutMs: 2000 },
    );
    const t0 = Date.now();
    const header = await authorizer.authorize();
    const t1 = Date.now(); // the request was sent between t0 and t1
    expect(t1 - t0).toBeLessThan(1500);
    await own.close();
    // Due for replacement (after t1 + 3.33 s) but not expired (before t0 + 5 s): the current token.
    await sleep(t1 + 3500 - Date.now());
    expect(await authorizer.authorize()).toBe(header);
    // Past its usable life: nothing to hand out.
    await sleep(t1 + 5100 - Date.now());
    expect((await codedFailure(authorizer.authorize())).code).toBe('ehrAuthUnreachable');
  }, 15_000);

  it('concurrent callers share one token request', async () => {
    const { authorizer } = await desk('ES384');
    const before = rig.tokenRequests;
    const headers = await Promise.all(Array.from({ length: 12 }, () => authorizer.authorize()));
    expect(new Set(headers).size).toBe(1);
    expect(rig.tokenRequests).toBe(before + 1);
  });

  it('invalidate() after a 401 gets one fresh token; a stale refused header does not drop the new one', async () => {
    const { authorizer } = await desk('RS384');
    const first = await authorizer.authorize();
    const before = rig.tokenRequests;
    authorizer.invalidate(first!);
    const [a, b] = await Promise.all([authorizer.authorize(), authorizer.authorize()]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(rig.tokenRequests).toBe(before + 1);
    authorizer.invalidate(first!); // a late 401 for the old token
    expect(await authorizer.authorize()).toBe(a);
    expect(rig.tokenRequests).toBe(before + 1);
  });

  /** No key material, assertion or token in the error. */
  function expectNoSecrets(err: CodedError, key: DeskKey, token?: string) {
    const pemBody = key.privatePem.split('\n')[1]!;
    expect(err.message).not.toContain(pemBody);
    expect(err.message).not.toContain(String(key.privateJwk.d));
    expect(err.message).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    if (token) expect(err.message).not.toContain(token);
  }

  it('a removed client is refused with ehrAuthClientRejected', async () => {
    const { clientId, key, authorizer } = await desk('RS384');
    const token = tokenOf(await authorizer.authorize());
    await rig.remove(clientId);
    authorizer.invalidate();
    const err = await codedFailure(authorizer.authorize());
    expect(err.code).toBe('ehrAuthClientRejected');
    expectNoSecrets(err, key, token);
  });

  it('a rotated key (the EHR now knows only a new key) is refused with ehrAuthClientRejected', async () => {
    const { clientId, key, authorizer } = await desk('ES384');
    await authorizer.authorize();
    const rotated = deskKey('ES384');
    await rig.register(clientId, { alg: 'ES384', publicJwks: [rotated.publicJwk] });
    authorizer.invalidate();
    const err = await codedFailure(authorizer.authorize());
    expect(err.code).toBe('ehrAuthClientRejected');
    expectNoSecrets(err, key);

    // Same kid, different key: the signature does not verify either.
    const sameKid = deskKey('ES384', key.kid);
    await rig.register(clientId, { alg: 'ES384', publicJwks: [sameKid.publicJwk] });
    expect((await codedFailure(authorizer.authorize())).code).toBe('ehrAuthClientRejected');
  });

  it('an unknown client id is refused; nothing listening is ehrAuthUnreachable', async () => {
    const key = deskKey('RS384');
    const unknown = createEhrAuthorizer(
      parseEhrConnection({
        baseUrl: rig.fhirBaseUrl,
        auth: { kind: 'smartBackend', tokenUrl: rig.tokenUrl, clientId: 'never-registered', alg: 'RS384', kid: key.kid, privateKey: key.privatePem },
      }),
    );
    expect((await codedFailure(unknown.authorize())).code).toBe('ehrAuthClientRejected');

    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => {
          resolve(p);
        });
      });
    });
    const closed: EhrAuthorizer = createEhrAuthorizer(
      parseEhrConnection({
        baseUrl: `http://127.0.0.1:${port}/fhir`,
        auth: { kind: 'smartBackend', clientId: 'x', alg: 'RS384', kid: key.kid, privateKey: key.privatePem },
      }),
      { timeoutMs: 2000 },
    );
    const err = await codedFailure(closed.authorize());
    expect(err.code).toBe('ehrAuthUnreachable');
    expect(err.message).toContain('ECONNREFUSED');
  });
});
