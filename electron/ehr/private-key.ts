/**
 * The desk's private key for SMART Backend Services client assertions: a PEM (PKCS#8, PKCS#1 RSA or
 * SEC1 EC) or a private JWK, checked against the algorithm it will sign with. Only RS384 (RSA, at
 * least 2048 bits) and ES384 (EC on P-384) are accepted: the two algorithms SMART Backend Services
 * requires servers to support. Error messages describe the key's kind, never its content.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

export const SIGNING_ALGORITHMS = ['RS384', 'ES384'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** The largest key text accepted (an RSA 8192 PEM is about 6.5 kB; a JWK of it about 9 kB). */
export const MAX_PRIVATE_KEY_CHARS = 16_384;
const MIN_RSA_BITS = 2048;

/** Why a key was refused: a short English reason with no key material in it. */
export class PrivateKeyProblem extends Error {}

function parse(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(trimmed);
    } catch {
      throw new PrivateKeyProblem('the key is neither a PEM private key nor a JSON Web Key');
    }
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new PrivateKeyProblem('the JSON Web Key is not an object');
    const { kty, d } = jwk as { kty?: unknown; d?: unknown };
    if (kty === 'oct') throw new PrivateKeyProblem('a symmetric (oct) key cannot sign RS384 or ES384 assertions');
    if (typeof d !== 'string') throw new PrivateKeyProblem('the JSON Web Key is a public key; the private key is needed');
    try {
      return crypto.createPrivateKey({ key: jwk as crypto.JsonWebKey, format: 'jwk' });
    } catch {
      throw new PrivateKeyProblem('the JSON Web Key could not be read as a private key');
    }
  }
  if (!/^-----BEGIN [A-Z0-9 ]+-----/.test(trimmed)) throw new PrivateKeyProblem('the key is neither a PEM private key nor a JSON Web Key');
  if (/^-----BEGIN (ENCRYPTED PRIVATE KEY|PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----/.test(trimmed)) {
    throw new PrivateKeyProblem(
      trimmed.includes('ENCRYPTED')
        ? 'the PEM key is encrypted; give it unencrypted (it is sealed at rest)'
        : 'the PEM is a public key or certificate; the private key is needed',
    );
  }
  try {
    return crypto.createPrivateKey({ key: trimmed, format: 'pem' });
  } catch {
    throw new PrivateKeyProblem('the PEM could not be read as a private key');
  }
}

/** A JWK that names its own algorithm must name the one configured. */
function declaredAlg(text: string): unknown {
  try {
    return (JSON.parse(text) as { alg?: unknown }).alg;
  } catch {
    return undefined;
  }
}

/** Reads the key and checks it fits the algorithm; throws PrivateKeyProblem otherwise. */
export function parsePrivateKey(text: string, alg: SigningAlgorithm): KeyObject {
  if (text.length > MAX_PRIVATE_KEY_CHARS) throw new PrivateKeyProblem(`the key is longer than ${MAX_PRIVATE_KEY_CHARS} characters`);
  const key = parse(text);
  const named = text.trim().startsWith('{') ? declaredAlg(text) : undefined;
  if (named !== undefined && named !== alg) throw new PrivateKeyProblem(`the JSON Web Key is for another algorithm than ${alg}`);
  if (key.type !== 'private') throw new PrivateKeyProblem('the key is not a private key');
  const details = key.asymmetricKeyDetails ?? {};
  if (alg === 'RS384') {
    if (key.asymmetricKeyType !== 'rsa') throw new PrivateKeyProblem(`RS384 needs an RSA key, this is a ${key.asymmetricKeyType ?? 'different'} key`);
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) throw new PrivateKeyProblem(`RS384 needs an RSA key of at least ${MIN_RSA_BITS} bits`);
  } else {
    if (key.asymmetricKeyType !== 'ec') throw new PrivateKeyProblem(`ES384 needs an EC key on P-384, this is a ${key.asymmetricKeyType ?? 'different'} key`);
    if (details.namedCurve !== 'secp384r1') throw new PrivateKeyProblem('ES384 needs an EC key on the P-384 curve');
  }
  return key;
}

/** The public half as a JWK (what the EHR registers for this client) and its RFC 7638 thumbprint. */
export async function publicKeyOf(key: KeyObject, alg: SigningAlgorithm, kid: string): Promise<{ jwk: JWK; thumbprint: string }> {
  const jwk = await exportJWK(crypto.createPublicKey(key));
  return { jwk: { ...jwk, alg, kid, use: 'sig' }, thumbprint: await calculateJwkThumbprint(jwk) };
}
