/**
 * Where the store's 256-bit key comes from. Electron wraps it with safeStorage (see
 * `sealedKeyFileProvider`); browser/CLI mode keeps it in a key file readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../shared/errors';

export const KEY_BYTES = 32;

export interface KeyProvider {
  /** A short, PHI-free description for error messages ("key file", "safeStorage"). */
  readonly description: string;
  /** The stored key, or null when none is stored yet. */
  readKey(): Buffer | null;
  /** Makes, stores and returns a new random key (first run, or the target of a rekey). */
  createKey(): Buffer;
}

/** The part of Electron's safeStorage a sealed key file needs (so this module never imports electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const newKey = (): Buffer => randomBytes(KEY_BYTES);

function parseHexKey(text: string, what: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new CodedError('cacheMissingKey', `${what} does not hold a 256-bit hex key`);
  return Buffer.from(hex, 'hex');
}

function writeOwnerOnly(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // 'wx': never overwrite a key that exists (losing it would lose the store).
  fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(file, 0o600);
}

function assertOwnerOnly(file: string): void {
  if (process.platform === 'win32') return;
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) throw new CodedError('cacheMissingKey', `key file is readable by others (mode ${mode.toString(8)}); expected 600`);
}

const readIfExists = (file: string): Buffer | null => {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
};

/** A key file holding the key as 64 hex characters, created with mode 0600 when first needed. */
export function keyFileProvider(file: string): KeyProvider {
  return {
    description: 'key file',
    readKey() {
      const bytes = readIfExists(file);
      if (bytes === null) return null;
      assertOwnerOnly(file);
      return parseHexKey(bytes.toString('utf8'), 'key file');
    },
    createKey() {
      const key = newKey();
      writeOwnerOnly(file, `${key.toString('hex')}\n`);
      return key;
    },
  };
}

/** A key file sealed by the OS keychain through Electron's safeStorage (the lead passes `safeStorage`). */
export function sealedKeyFileProvider(file: string, safeStorage: SafeStorageLike): KeyProvider {
  const requireAvailable = (): void => {
    if (!safeStorage.isEncryptionAvailable()) throw new CodedError('cacheMissingKey', 'safeStorage encryption is not available');
  };
  return {
    description: 'safeStorage',
    readKey() {
      const sealed = readIfExists(file);
      if (sealed === null) return null;
      requireAvailable();
      let text: string;
      try {
        text = safeStorage.decryptString(sealed);
      } catch {
        throw new CodedError('cacheMissingKey', 'safeStorage could not unseal the key');
      }
      return parseHexKey(text, 'sealed key');
    },
    createKey() {
      requireAvailable();
      const key = newKey();
      writeOwnerOnly(file, safeStorage.encryptString(key.toString('hex')));
      return key;
    },
  };
}

/** A key held in memory (tests, and the worker that receives the key from the main thread). */
export function staticKeyProvider(key: Buffer | null): KeyProvider {
  return {
    description: 'in-memory key',
    readKey: () => key,
    createKey: () => {
      if (key) return key;
      key = newKey();
      return key;
    },
  };
}
