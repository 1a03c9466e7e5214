import type { ErrorCode } from '../../../shared/errors';
import type { ImportOptions, ImportProgress, ImportReport } from './import-types';

export interface WorkerRequest {
  dbPath: string;
  keyHex: string;
  files: string[];
  options: Omit<ImportOptions, 'onProgress'>;
}

export type WorkerMessage =
  { kind: 'progress'; progress: ImportProgress } | { kind: 'done'; report: ImportReport } | { kind: 'error'; code: ErrorCode; message: string };
