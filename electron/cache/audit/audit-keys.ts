/**
 * The audit secret (not the store key): one random 256-bit value in its own key file, from which
 * HKDF derives the chain's HMAC-SHA-256 key and the desk's Ed25519 checkpoint-signing key. Whoever
 * holds only the store key can read and rewrite the database, but can neither compute a valid chain
 * link nor sign a checkpoint.
 */
import crypto from 'node:crypto';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface AuditKeys {
  /** HMAC-SHA-256 of `data` under the chain key, hex. */
  mac(data: string): string;
  /** Ed25519 signature of `data`, base64. */
  sign(data: string): string;
  verify(data: string, signature: string): boolean;
  /** The signing key's public half (SPKI PEM): what a remote checkpoint store is given. */
  readonly publicKeyPem: string;
  /** A short id of the signing key (first 16 hex of SHA-256 of the public key). */
  readonly keyId: string;
}

const derive = (secret: Buffer, info: string): Buffer => Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));

export function auditKeysFrom(secret: Buffer): AuditKeys {
  const macKey = derive(secret, 'carefront audit chain v1');
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, derive(secret, 'carefront audit checkpoint signing v1')]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = crypto.createPublicKey(privateKey);
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    mac: (data) => crypto.createHmac('sha256', macKey).update(data, 'utf8').digest('hex'),
    sign: (data) => crypto.sign(null, Buffer.from(data, 'utf8'), privateKey).toString('base64'),
    verify: (data, signature) => {
      try {
        return crypto.verify(null, Buffer.from(data, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: crypto.createHash('sha256').update(spki).digest('hex').slice(0, 16),
  };
}
