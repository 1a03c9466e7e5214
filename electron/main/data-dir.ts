import os from 'node:os';
import path from 'node:path';

/** Where Carefront keeps its encrypted store, key file and settings in browser/CLI mode. */
export function defaultDataDir(): string {
  return process.env.CAREFRONT_DATA_DIR || path.join(os.homedir(), '.carefront');
}
