/**
 * One link of the audit chain: HMAC-SHA-256 under the audit key over the previous link and the
 * row's content. The first row links to GENESIS.
 */
import type { AuditKeys } from './audit-keys';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  seq: number;
  recorded: string;
  actor: string;
  patient_ids: string;
  event: string;
}

/** A row of the audit_event table: its content and its links. */
export interface AuditRow extends ChainedContent {
  prev_hash: string;
  hash: string;
}

export const chainLink = (keys: AuditKeys, prevHash: string, row: ChainedContent): string =>
  keys.mac(['carefront-audit-v2', prevHash, row.seq, row.recorded, row.actor, row.patient_ids, row.event].join('\n'));
