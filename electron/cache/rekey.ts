/**
 * Key rotation as one crash-safe step. Order: (1) the new key is staged durably beside the target
 * key file (`<file>.pending`), (2) the store is re-encrypted under it in one transaction, (3) the
 * staged file is renamed over the target (atomic). A crash after (1) leaves the store under the old
 * key (the next open discards the staged key); after (2), under the new key, which only the staged
 * file holds (the next open finds it and completes the rename): either way exactly one key file
 * opens the store. The audit key is not rotated; a new key file gets a copy of it beside it.
 */
import { randomBytes } from 'node:crypto';
import { CodedError } from '../../shared/errors';
import type { AuditContext } from './audit/audit-event';
import type { AuditLog } from './audit/audit-log';
import { rekeyDatabase, type Db } from './connection';
import { KEY_BYTES, type KeyProvider } from './key-provider';

export type RekeyStep = 'staged' | 'reencrypted' | 'committed';

export interface RekeyOptions {
  /** Who rotates and why (audited). Default: the OS user. */
  ctx?: AuditContext;
  /** Told after each step (progress; a test uses it to crash at a chosen point). */
  onStep?: (step: RekeyStep) => void;
}

export interface RekeyKeys {
  /** The provider the store was opened with. */
  current: KeyProvider | undefined;
  /** Where the new key goes: the same key file (in place) or a new one. */
  target: KeyProvider;
  /** The store's audit secret, copied beside a new key file. */
  auditSecret: Buffer;
}

function copyAuditKey(target: KeyProvider, current: KeyProvider | undefined, secret: Buffer): void {
  const targetAudit = target.auditKeyProvider?.();
  if (!targetAudit) return;
  const currentAudit = current?.auditKeyProvider?.();
  if (currentAudit?.location && currentAudit.location === targetAudit.location) return;
  const existing = targetAudit.readKey();
  if (existing) {
    if (!existing.equals(secret)) throw new CodedError('invalidArgument', 'an audit key of another store is beside the new key file');
    return;
  }
  if (!targetAudit.stageKey || !targetAudit.commitStagedKey) throw new CodedError('invalidArgument', 'the new key file cannot hold the audit key');
  targetAudit.stageKey(secret);
  targetAudit.commitStagedKey();
}

export function rotateStoreKey(db: Db, log: AuditLog, keys: RekeyKeys, options: RekeyOptions, ctx: AuditContext): Buffer {
  const { current, target } = keys;
  if (!target.stageKey || !target.commitStagedKey || !target.discardStagedKey)
    throw new CodedError('invalidArgument', `a ${target.description} cannot receive a rotated key`);
  const inPlace = current?.location !== undefined && current.location === target.location;
  if (!inPlace && target.readKey()) throw new CodedError('invalidArgument', 'the new key file already exists: name a file that does not');
  copyAuditKey(target, current, keys.auditSecret);
  const where = { display: `key-file:${target.location ?? target.description}` };
  const audit = (stage: 'started' | 'completed'): void => {
    log.append({
      operation: 'rekey',
      ctx,
      patientIds: [],
      fields: [],
      outcome: 'success',
      objects: [{ ...where, detail: { stage, 'in-place': inPlace ? 'yes' : 'no' } }],
    });
  };
  audit('started');
  const newKey = randomBytes(KEY_BYTES);
  target.stageKey(newKey);
  options.onStep?.('staged');
  try {
    rekeyDatabase(db, newKey);
  } catch (err) {
    // The transaction rolled back: the store is still under the old key.
    target.discardStagedKey();
    throw err;
  }
  options.onStep?.('reencrypted');
  target.commitStagedKey();
  options.onStep?.('committed');
  audit('completed');
  return newKey;
}
