/**
 * The site's FHIR connection on disk, in the data directory beside the store:
 * - `ehr-connection.json` (0600): the settings, readable, and `sealed` by the SecretBox (AES-256-GCM
 *   under a key derived from the store key, like the SIP password): the private key together with a
 *   digest of the readable settings, so an edited URL or client id is detected, not followed;
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

const SealedSettingsSchema = z.object({ settings: z.string(), privateKey: z.string().optional() }).strict();

/** A digest of the settings (the private key included or not), in a fixed order. */
function digest(c: EhrConnection, withKey: boolean): string {
  const a = c.auth;
  const parts =
    a.kind === 'none'
      ? [c.baseUrl, 'none']
      : [c.baseUrl, a.tokenUrl ?? '', a.clientId, a.alg, a.kid, a.scope, withKey ? crypto.hash('sha256', a.privateKey) : ''];
  // The default (`site`) adds nothing, so settings saved before the choice existed keep their digest.
  return crypto.hash('sha256', JSON.stringify(c.interactiveAs === 'site' ? parts : [...parts, `interactiveAs=${c.interactiveAs}`]));
}

/** What a cached token is bound to: a token fetched for other settings (or another key) is never reused. */
export const connectionFingerprint = (c: EhrConnection): string => digest(c, true);

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

  /** The connection, or null when none is configured (or the file was unreadable or edited, and set aside). */
  load(): EhrConnection | null {
    if (!fs.existsSync(this.file)) return null;
    try {
      const { sealed, ...readable } = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { sealed?: unknown; auth?: object };
      const secret = SealedSettingsSchema.parse(JSON.parse(this.box.open(String(sealed))));
      const connection = EhrConnectionSchema.parse(
        secret.privateKey === undefined ? readable : { ...readable, auth: { ...readable.auth, privateKey: secret.privateKey } },
      );
      if (digest(connection, false) !== secret.settings) throw new Error('the settings were edited outside Carefront');
      return connection;
    } catch {
      const aside = `${this.file}.invalid-${Date.now()}`;
      fs.renameSync(this.file, aside);
      this.clearToken();
      safeLog.warn(`EHR connection file was unreadable or edited; kept it as ${path.basename(aside)}`);
      return null;
    }
  }

  /** Validates (`ehrSettingsInvalid` otherwise) and saves the connection; any cached token is dropped. */
  save(input: unknown): EhrConnection {
    const connection = parseEhrConnection(input);
    const { auth } = connection;
    const readable = auth.kind === 'none' ? connection : { ...connection, auth: (({ privateKey: _key, ...rest }) => rest)(auth) };
    const secret = { settings: digest(connection, false), ...(auth.kind === 'none' ? {} : { privateKey: auth.privateKey }) };
    writeOwnerOnly(this.file, `${JSON.stringify({ ...readable, sealed: this.box.seal(JSON.stringify(secret)) }, null, 2)}\n`);
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
      clear: () => {
        this.clearToken();
      },
    };
  }

  private clearToken(): void {
    fs.rmSync(this.tokenFile, { force: true });
  }
}
