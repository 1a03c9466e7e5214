import type { Db } from '../connection';

/** One schema step. Append-only: a released migration is never edited, a new one is added. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
