/** Where the app keeps its own store in browser/CLI mode: $CAREFRONT_DATA_DIR, else ~/.carefront. */
import os from 'node:os';
import path from 'node:path';

export const defaultDataDir = (): string => process.env.CAREFRONT_DATA_DIR || path.join(os.homedir(), '.carefront');
export const defaultDbPath = (): string => path.join(defaultDataDir(), 'demo.db');
export const defaultKeyFilePath = (): string => path.join(defaultDataDir(), 'demo.key');
