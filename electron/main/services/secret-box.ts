/**
 * Encrypts small secrets (the SIP password) at rest with AES-256-GCM under a key derived (HKDF) from
 * the store key, so they are protected exactly as well as the encrypted store itself.
 */
import crypto from 'node:crypto';

export class SecretBox {
  private readonly key: Buffer;

  constructor(storeKey: Buffer) {
    this.key = Buffer.from(crypto.hkdfSync('sha256', storeKey, Buffer.alloc(0), 'carefront secrets v1', 32));
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
  }

  open(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
    if (!iv || !tag || !body || iv.length !== 12 || tag.length !== 16) throw new Error('not a sealed secret');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
