import type { Region } from '../phone';

export interface ImportIssue {
  file: string;
  /** 1-based line (NDJSON), or null inside a JSON document. */
  line: number | null;
  /** 1-based Bundle entry. */
  entry?: number;
  /** What was wrong: paths and codes only, never values. */
  reason: string;
}

export interface ImportProgress {
  /** The file being read, if any. */
  file: string | null;
  /** Resources written so far (committed or in the open batch). */
  imported: number;
  skipped: number;
  /**
   * Items with nothing for the cache and nothing wrong: resource types it does not keep (Observation,
   * Claim…: an EHR export holds everything) and Bundle entries that are requests or responses.
   */
  ignored: number;
  /** `ignored` by resource type (or by what the entry was). */
  ignoredByType: Record<string, number>;
  /** Resources committed so far: these survive a crash. */
  committed: number;
  byType: Record<string, number>;
}

export interface ImportReport extends ImportProgress {
  issues: ImportIssue[];
  /** Issues beyond the ones kept in `issues`. */
  issuesOmitted: number;
  durationMs: number;
  resourcesPerSecond: number;
}

export interface ImportOptions {
  /** Resources per transaction: a killed import loses at most the open batch. Default 2,000. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Default region for phone numbers in national format. */
  region?: Region;
  /** Issues kept in the report (the rest are counted). Default 1,000. */
  maxIssues?: number;
  /** The longest NDJSON line read; a longer one is reported and skipped without being held. Default 16 MiB. */
  maxLineBytes?: number;
}
