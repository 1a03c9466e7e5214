/**
 * The site's FHIR connection on disk, in the data directory beside the store:
 * - `ehr-connection.json` (0600): the settings, with the private key sealed by the SecretBox
 *   (AES-256-GCM under a key derived from the store key, like the SIP password);
 * - `ehr-token.json` (0600): the cached access token, sealed as a whole (token, expiry and which
 *   connection it belongs to), so a restart reuses a token that is still good.
 * A damaged or tampered settings file is set aside (`.invalid-<time>`) and the EHR reported as not
 * configured, never a crash; a damaged token file is simply dropped.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SecretBox } from '../main/services/secret-box';
import { safeLog } from '../main/safe-log';
import { EhrConnectionSchema, parseEhrConnection, type EhrConnection } from './connection-settings';

export const CONNECTION_FILE = 'ehr-connection.json';
export const TOKEN_FILE = 'ehr-token.json';

/** An access token as cached: its value, when it stops being good and when to replace it (epoch ms). */
export interface CachedToken {
  accessToken: string;
  expiresAt: number;
  refreshAt: number;
}

/** Where an authorizer keeps its token between runs (the connection store's sealed file, or nothing). */
export interface TokenCache {
  load(): CachedToken | null;
  save(token: CachedToken): void;
  clear(): void;
}

const SealedTokenSchema = z.object({ for: z.string(), accessToken: z.string().min(1), expiresAt: z.number(), refreshAt: z.number() }).strict();

function writeOwnerOnly(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** What a cached token is bound to: a token fetched for other settings is never reused. */
export function connectionFingerprint(c: EhrConnection): string {
  const a = c.auth;
  const parts = a.kind === 'none' ? [c.baseUrl, 'none'] : [c.baseUrl, a.tokenUrl ?? '', a.clientId, a.alg, a.kid, a.scope, crypto.hash('sha256', a.privateKey)];
  return crypto.hash('sha256', JSON.stringify(parts));
}

export class EhrConnectionStore {
  readonly file: string;
  readonly tokenFile: string;

  constructor(
    dataDir: string,
    private readonly box: SecretBox,
  ) {
    this.file = path.join(dataDir, CONNECTION_FILE);
    this.tokenFile = path.join(dataDir, TOKEN_FILE);
  }

  /** The connection, or null when none is configured (or the file was unreadable and set aside). */
  load(): EhrConnection | null {
    if (!fs.existsSync(this.file)) return null;
    try {
      const raw = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { auth?: { privateKey?: unknown } };
      const auth = raw.auth?.privateKey === undefined ? raw.auth : { ...raw.auth, privateKey: this.box.open(String(raw.auth.privateKey)) };
      return EhrConnectionSchema.parse({ ...raw, auth });
    } catch {
      const aside = `${this.file}.invalid-${Date.now()}`;
      fs.renameSync(this.file, aside);
      this.clearToken();
      safeLog.warn(`EHR connection file was unreadable; kept it as ${path.basename(aside)}`);
      return null;
    }
  }

  /** Validates (`ehrSettingsInvalid` otherwise) and saves the connection; any cached token is dropped. */
  save(input: unknown): EhrConnection {
    const connection = parseEhrConnection(input);
    const onDisk = connection.auth.kind === 'none' ? connection : { ...connection, auth: { ...connection.auth, privateKey: this.box.seal(connection.auth.privateKey) } };
    writeOwnerOnly(this.file, `${JSON.stringify(onDisk, null, 2)}\n`);
    this.clearToken();
    return connection;
  }

  /** Removes the connection and its cached token; false when there was none. */
  clear(): boolean {
    const had = fs.existsSync(this.file);
    fs.rmSync(this.file, { force: true });
    this.clearToken();
    return had;
  }

  /** The sealed token cache for this connection. */
  tokenCache(connection: EhrConnection): TokenCache {
    const fingerprint = connectionFingerprint(connection);
    return {
      load: () => {
        if (!fs.existsSync(this.tokenFile)) return null;
        try {
          const sealed = JSON.parse(fs.readFileSync(this.tokenFile, 'utf8')) as { sealed?: unknown };
          const record = SealedTokenSchema.parse(JSON.parse(this.box.open(String(sealed.sealed))));
          if (record.for !== fingerprint) return null;
          return { accessToken: record.accessToken, expiresAt: record.expiresAt, refreshAt: record.refreshAt };
        } catch {
          this.clearToken();
          return null;
        }
      },
      save: (token) => {
        writeOwnerOnly(this.tokenFile, `${JSON.stringify({ sealed: this.box.seal(JSON.stringify({ for: fingerprint, ...token })) })}\n`);
      },
      clear: () => this.clearToken(),
    };
  }

  private clearToken(): void {
    fs.rmSync(this.tokenFile, { force: true });
  }
}
