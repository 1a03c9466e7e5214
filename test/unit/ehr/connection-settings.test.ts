/** The FHIR connection settings: what is accepted, what is refused (with a coded error that names no secret). */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../shared/errors';
import { DEFAULT_SCOPE, parseEhrConnection } from '../../../electron/ehr/connection-settings';

const pem = (key: crypto.KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1' = 'pkcs8') =>
  key.export({ type, format: 'pem' } as crypto.KeyExportOptions<'pem'>).toString();
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const p384 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
const p256 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = crypto.generateKeyPairSync('ed25519');

const smart = (over: Record<string, unknown> = {}) => ({
  baseUrl: 'https://fhir.example.org/r4/',
  auth: { kind: 'smartBackend', clientId: 'carefront-desk', alg: 'RS384', kid: 'k1', privateKey: pem(rsa.privateKey), ...over },
});

/** The ehrSettingsInvalid error for an input; its message must not carry the key. */
function refusal(input: unknown, secret?: string): string {
  let thrown: unknown;
  try {
    parseEhrConnection(input);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(CodedError);
  expect((thrown as CodedError).code).toBe('ehrSettingsInvalid');
  const message = (thrown as CodedError).message;
  if (secret) for (const line of secret.split('\n').filter((l) => l.length > 20)) expect(message).not.toContain(line);
  return message;
}

describe('EHR connection settings', () => {
  it('accepts SMART Backend Services with RS384 (PKCS#8 or PKCS#1 PEM) and ES384 (SEC1 PEM or JWK); defaults the scope', () => {
    const c = parseEhrConnection(smart());
    expect(c.baseUrl).toBe('https://fhir.example.org/r4');
    expect(c.auth).toMatchObject({ kind: 'smartBackend', scope: DEFAULT_SCOPE, alg: 'RS384' });
    expect(c.auth.kind === 'smartBackend' && c.auth.tokenUrl).toBeUndefined();
    expect(parseEhrConnection(smart({ privateKey: pem(rsa.privateKey, 'pkcs1') })).auth.kind).toBe('smartBackend');
    expect(parseEhrConnection(smart({ alg: 'ES384', privateKey: pem(p384.privateKey, 'sec1') })).auth.kind).toBe('smartBackend');
    const jwk = p384.privateKey.export({ format: 'jwk' });
    const fromJwk = parseEhrConnection(
      smart({ alg: 'ES384', privateKey: { ...jwk, alg: 'ES384' }, scope: 'system/*.read system/*.write', tokenUrl: 'https://auth.example.org/oauth2/token' }),
    );
    expect(fromJwk.auth).toMatchObject({ scope: 'system/*.read system/*.write', tokenUrl: 'https://auth.example.org/oauth2/token' });
  });

  it('allows plain http and auth none only on loopback', () => {
    for (const host of ['127.0.0.1:8080', '[::1]:8080', 'localhost']) {
      expect(parseEhrConnection({ baseUrl: `http://${host}/fhir`, auth: { kind: 'none' } }).auth.kind).toBe('none');
    }
    expect(refusal({ baseUrl: 'http://fhir.example.org/r4', auth: { kind: 'none' } })).toMatch(/baseUrl: baseUrl must use https/);
    expect(refusal(smart({ tokenUrl: 'http://auth.example.org/token' }))).toMatch(/auth.tokenUrl: tokenUrl must use https/);
    expect(refusal({ baseUrl: 'https://fhir.example.org/r4', auth: { kind: 'none' } })).toMatch(
      /auth.kind: auth "none" is allowed only for a FHIR server on this machine/,
    );
    expect(refusal({ baseUrl: 'http://127.0.0.2/fhir', auth: { kind: 'none' } })).toMatch(/must use https/);
  });

  it('refuses URLs with credentials, fragments, a query on the base, or another scheme', () => {
    expect(refusal({ ...smart(), baseUrl: 'https://user:pw@fhir.example.org/r4' })).toMatch(/must not carry a user name or password/);
    expect(refusal({ ...smart(), baseUrl: 'https://fhir.example.org/r4#x' })).toMatch(/must not have a fragment/);
    expect(refusal({ ...smart(), baseUrl: 'https://fhir.example.org/r4?x=1' })).toMatch(/must not have a query/);
    expect(refusal({ ...smart(), baseUrl: 'ftp://fhir.example.org/r4' })).toMatch(/must be an https URL/);
    expect(refusal({ ...smart(), baseUrl: 'fhir.example.org' })).toMatch(/not an absolute URL/);
  });

  it('refuses any algorithm but RS384 and ES384 (HS256, RS256, none)', () => {
    for (const alg of ['HS256', 'RS256', 'ES256', 'none']) expect(refusal(smart({ alg }))).toMatch(/auth.alg: alg must be RS384 or ES384/);
  });

  it('refuses a key that does not fit the algorithm, never quoting it', () => {
    expect(refusal(smart({ privateKey: pem(p384.privateKey) }), pem(p384.privateKey))).toMatch(/auth.privateKey: RS384 needs an RSA key, this is a ec key/);
    expect(refusal(smart({ alg: 'ES384' }), pem(rsa.privateKey))).toMatch(/ES384 needs an EC key on P-384, this is a rsa key/);
    expect(refusal(smart({ alg: 'ES384', privateKey: pem(p256.privateKey) }), pem(p256.privateKey))).toMatch(/ES384 needs an EC key on the P-384 curve/);
    expect(refusal(smart({ privateKey: pem(ed.privateKey) }))).toMatch(/RS384 needs an RSA key, this is a ed25519 key/);
    const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(refusal(smart({ privateKey: pem(small) }))).toMatch(/at least 2048 bits/);
    const jwk = rsa.privateKey.export({ format: 'jwk' });
    expect(refusal(smart({ privateKey: { ...jwk, alg: 'RS256' } }), String(jwk.d))).toMatch(/another algorithm than RS384/);
  });

  it('refuses garbage, public keys, certificates, encrypted and symmetric keys', () => {
    const garbage = '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbCwganVzdCBzb21lIHRleHQ=\n-----END PRIVATE KEY-----\n';
    expect(refusal(smart({ privateKey: garbage }), garbage)).toMatch(/the PEM could not be read as a private key/);
    expect(refusal(smart({ privateKey: 'hello' }))).toMatch(/neither a PEM private key nor a JSON Web Key/);
    expect(refusal(smart({ privateKey: '{"kty":' }))).toMatch(/neither a PEM private key nor a JSON Web Key/);
    expect(refusal(smart({ privateKey: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString() }))).toMatch(/public key or certificate/);
    expect(refusal(smart({ privateKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() }))).toMatch(/public key or certificate/);
    expect(refusal(smart({ privateKey: rsa.publicKey.export({ format: 'jwk' }) }))).toMatch(/is a public key; the private key is needed/);
    const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();
    expect(refusal(smart({ privateKey: encrypted }))).toMatch(/encrypted/);
    expect(refusal(smart({ privateKey: { kty: 'oct', k: 'c2VjcmV0c2VjcmV0c2VjcmV0' } }))).toMatch(/symmetric \(oct\) key/);
  });

  it('refuses missing or malformed ids and scopes, and unknown fields', () => {
    expect(refusal(smart({ clientId: '' }))).toMatch(/auth.clientId/);
    expect(refusal(smart({ kid: 'has space' }))).toMatch(/auth.kid: kid must be visible ASCII/);
    expect(refusal(smart({ scope: 'system/*.rs  "x"' }))).toMatch(/auth.scope/);
    expect(refusal(smart({ password: 'x' }))).toMatch(/auth/);
    expect(refusal({ baseUrl: 'https://fhir.example.org', auth: { kind: 'basic' } })).toMatch(/auth/);
    expect(refusal(null)).toMatch(/not valid/);
  });
});
