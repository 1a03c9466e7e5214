import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect } from 'vitest';
import { CodedError } from '../../../shared/errors';
import { AuditRepository, ImportRepository, openStore, PatientRepository, type OpenStoreOptions, type Store } from '../../../electron/cache';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/fhir');
export const fixture = (name: string): string => path.join(FIXTURES, name);
export const ctx = { actor: 'agent/test-7', reason: 'integration test' };

/** A fresh temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'carefront-cache-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    cleanup: () => {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Each test gets a fresh temp dir with a store path and a key path in it (removed after the test). */
export function useStorePaths(dbName = 'store.db', keyName = 'store.key'): { readonly dir: string; readonly dbPath: string; readonly keyPath: string } {
  let current: { dir: string; cleanup: () => void } | null = null;
  beforeEach(() => {
    current = tempDir();
  });
  afterEach(() => {
    current?.cleanup();
    current = null;
  });
  const dir = (): string => {
    if (!current) throw new Error('useStorePaths: read outside a test');
    return current.dir;
  };
  return {
    get dir() {
      return dir();
    },
    get dbPath() {
      return path.join(dir(), dbName);
    },
    get keyPath() {
      return path.join(dir(), keyName);
    },
  };
}

/** The code of the CodedError that `fn` throws or rejects with; anything else (or nothing) fails the test. */
export async function codedErrorOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    return (err as CodedError).code;
  }
  throw new Error('expected a CodedError');
}

/** Every file of a store: the database, its WAL and shared memory (when present). */
export function storeFiles(dbPath: string): string[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`].filter((f) => fs.existsSync(f));
}

export function snapshot(dbPath: string): Map<string, Buffer> {
  const dir = path.dirname(dbPath);
  return new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

/** A store with the repositories the cache tests read and write through, closed together. */
export interface TestStore {
  store: Store;
  patients: PatientRepository;
  audit: AuditRepository;
  imports: ImportRepository;
  close(): void;
}

export function withRepositories(store: Store): TestStore {
  return {
    store,
    patients: new PatientRepository(store),
    audit: new AuditRepository(store),
    imports: new ImportRepository(store),
    close: () => {
      store.close();
    },
  };
}

export const openTestStore = (options: OpenStoreOptions): TestStore => withRepositories(openStore(options));
