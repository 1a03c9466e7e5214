/**
 * The identity provider settings on disk, in the data directory beside the store: `identity-provider.json`
 * (0600), readable, with a digest of the settings `sealed` by the SecretBox (AES-256-GCM under a key derived
 * from the store key, as the EHR connection's). The desk is a public client and holds no secret here, but the
 * file says which provider's word is taken and which claim values grant which role: an edit made outside
 * Carefront (say, a group mapped to supervisor) is detected, the file set aside (`.invalid-<time>`) and
 * sign-in reported as not configured, never followed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretBox } from '../main/services/secret-box';
import { safeLog } from '../main/safe-log';
import { parseIdentitySettings, type IdentitySettings } from './identity-settings';

export const IDENTITY_FILE = 'identity-provider.json';

/** A digest of the validated settings, keys in the schema's order. */
const digest = (settings: IdentitySettings): string => crypto.hash('sha256', JSON.stringify(settings));

export class IdentityStore {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly box: SecretBox,
  ) {
    this.file = path.join(dataDir, IDENTITY_FILE);
  }

  /** The settings, or null when none are configured (or the file was unreadable or edited, and set aside). */
  load(): IdentitySettings | null {
    if (!fs.existsSync(this.file)) return null;
    try {
      const { sealed, ...readable } = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { sealed?: unknown };
      const settings = parseIdentitySettings(readable);
      if (this.box.open(String(sealed)) !== digest(settings)) throw new Error('the settings were edited outside Carefront');
      return settings;
    } catch {
      const aside = `${this.file}.invalid-${Date.now()}`;
      fs.renameSync(this.file, aside);
      safeLog.warn(`identity provider settings were unreadable or edited; kept them as ${path.basename(aside)}`);
      return null;
    }
  }

  /** Validates (`identitySettingsInvalid` otherwise) and saves the settings. */
  save(input: unknown): IdentitySettings {
    const settings = parseIdentitySettings(input);
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ ...settings, sealed: this.box.seal(digest(settings)) }, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    return settings;
  }

  /** Removes the settings; false when there were none. */
  clear(): boolean {
    const had = fs.existsSync(this.file);
    fs.rmSync(this.file, { force: true });
    return had;
  }
}
