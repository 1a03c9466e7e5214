/** The demo store: created and seeded with synthetic patients on first run, opened as it is after that. */
import type { KeyProvider } from './key-provider';
import type { Region } from './phone';
import { ImportRepository } from './repositories/imports';
import { openStore, type Store } from './store';
import { DEFAULT_SEED, generateResources } from './synthetic/generator';
import { settled } from '../../shared/settled';

export interface DemoStoreOptions {
  dbPath: string;
  keyProvider: KeyProvider;
  /** Patients seeded into a new store (a few hundred keeps first start fast). */
  patients: number;
  seed?: number | string;
  defaultRegion?: Region;
}

/** Opens the demo store, seeding it when new. The work is synchronous (SQLite); the promise is the callers' interface. */
export function ensureDemoStore(options: DemoStoreOptions): Promise<Store> {
  return settled(() => openDemoStore(options));
}

function openDemoStore(options: DemoStoreOptions): Store {
  const store = openStore({
    path: options.dbPath,
    keyProvider: options.keyProvider,
    ...(options.defaultRegion ? { defaultRegion: options.defaultRegion } : {}),
  });
  try {
    if (store.stats().patients === 0 && options.patients > 0) {
      new ImportRepository(store).importGenerated(
        generateResources({ patients: options.patients, seed: options.seed ?? DEFAULT_SEED, today: new Date().toISOString().slice(0, 10) }),
        '(demo data)',
      );
    }
    return store;
  } catch (err) {
    store.close();
    throw err;
  }
}
