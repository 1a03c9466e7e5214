/**
 * Where the store's 256-bit key comes from. Electron wraps it with safeStorage (see
 * `sealedKeyFileProvider`); browser/CLI mode keeps it in a key file readable by its owner only.
 * Each provider also names the store's audit key (its own file beside the key file, protected the
 * same way) and supports a crash-safe rotation: the new key is staged durably beside the current
 * one before the store is re-encrypted, and made current by an atomic rename afterwards.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../shared/errors';
import { fsError, isDanglingLink, renameDurably, writeFileDurably } from './durable-file';

export const KEY_BYTES = 32;

export interface KeyProvider {
  /** A short, PHI-free description for error messages ("key file", "safeStorage"). */
  readonly description: string;
  /** Where the key lives (a file path), when it lives in a file: recorded in the audit row of a rekey. */
  readonly location?: string;
  /** The stored key, or null when none is stored yet. */
  readKey(): Buffer | null;
  /** Makes, stores and returns a new random key (first run). */
  createKey(): Buffer;
  /** Rotation, step 1: stores `key` durably beside the current key (which stays current). */
  stageKey?(key: Buffer): void;
  /** The staged key of a rotation that has not been made current, or null. */
  readStagedKey?(): Buffer | null;
  /** Rotation, last step: the staged key becomes the current key (one atomic rename). */
  commitStagedKey?(): void;
  /** Drops a staged key that never became the store's key. */
  discardStagedKey?(): void;
  /** The store's audit key: a different secret, in its own file beside this one, protected the same way. */
  auditKeyProvider?(): KeyProvider;
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
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a key that exists (losing it would lose the store).
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx', flush: true });
    fs.chmodSync(file, 0o600);
  } catch (err) {
    throw fsError(err, 'the key file', 'cacheKeyUnreadable');
  }
}

function assertOwnerOnly(file: string): void {
  if (process.platform === 'win32') return;
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) throw new CodedError('cacheMissingKey', `key file is readable by others (mode ${mode.toString(8)}); expected 600`);
}

/** The file's bytes; null when there is no file. A dangling link or an unreadable file is an error, not "no key". */
function readIfExists(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (isDanglingLink(file)) throw new CodedError('cacheKeyUnreadable', 'the key file is a symbolic link to a file that does not exist');
      return null;
    }
    throw fsError(err, 'the key file', 'cacheKeyUnreadable');
  }
}

/** `demo.key` → `demo.audit-key`, `store.key.sealed` → `store.audit-key.sealed`. */
export function auditKeyPath(keyFile: string): string {
  const dir = path.dirname(keyFile);
  const base = path.basename(keyFile);
  return path.join(dir, base.includes('.key') ? base.replace('.key', '.audit-key') : `${base}.audit-key`);
}

const stagedPath = (file: string): string => `${file}.pending`;

/** What a file-backed provider does with bytes; the two providers differ only in how a key is encoded. */
interface KeyCodec {
  description: string;
  encode(key: Buffer): string | Buffer;
  decode(bytes: Buffer, file: string): Buffer;
  companion(file: string): KeyProvider;
}

function fileBackedProvider(file: string, codec: KeyCodec): KeyProvider {
  const location = path.resolve(file);
  return {
    description: codec.description,
    location,
    readKey() {
      const bytes = readIfExists(file);
      return bytes === null ? null : codec.decode(bytes, file);
    },
    createKey() {
      const key = newKey();
      writeOwnerOnly(file, codec.encode(key));
      return key;
    },
    stageKey(key) {
      try {
        writeFileDurably(stagedPath(file), codec.encode(key));
      } catch (err) {
        throw fsError(err, 'the new key file', 'cacheKeyUnreadable');
      }
    },
    readStagedKey() {
      const bytes = readIfExists(stagedPath(file));
      return bytes === null ? null : codec.decode(bytes, stagedPath(file));
    },
    commitStagedKey() {
      try {
        renameDurably(stagedPath(file), file);
      } catch (err) {
        throw fsError(err, 'the new key file', 'cacheKeyUnreadable');
      }
    },
    discardStagedKey() {
      fs.rmSync(stagedPath(file), { force: true });
    },
    auditKeyProvider: () => codec.companion(auditKeyPath(file)),
  };
}

/** A key file holding the key as 64 hex characters, created with mode 0600 when first needed. */
export function keyFileProvider(file: string): KeyProvider {
  return fileBackedProvider(file, {
    description: 'key file',
    encode: (key) => `${key.toString('hex')}\n`,
    decode: (bytes, at) => {
      assertOwnerOnly(at);
      return parseHexKey(bytes.toString('utf8'), 'key file');
    },
    companion: (f) => keyFileProvider(f),
  });
}

/** A key file sealed by the OS keychain through Electron's safeStorage (the lead passes `safeStorage`). */
export function sealedKeyFileProvider(file: string, safeStorage: SafeStorageLike): KeyProvider {
  const requireAvailable = (): void => {
    if (!safeStorage.isEncryptionAvailable()) throw new CodedError('cacheMissingKey', 'safeStorage encryption is not available');
  };
  return fileBackedProvider(file, {
    description: 'safeStorage',
    encode: (key) => {
      requireAvailable();
      return safeStorage.encryptString(key.toString('hex'));
    },
    decode: (sealed) => {
      requireAvailable();
      let text: string;
      try {
        text = safeStorage.decryptString(sealed);
      } catch {
        throw new CodedError('cacheMissingKey', 'safeStorage could not unseal the key');
      }
      return parseHexKey(text, 'sealed key');
    },
    companion: (f) => sealedKeyFileProvider(f, safeStorage),
  });
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
