import type { ImportOptions } from './import-types';

/** What the import worker is given besides the store: the files, and the import's options. */
export interface ImportWorkerArgs {
  files: string[];
  options: Omit<ImportOptions, 'onProgress'>;
}
