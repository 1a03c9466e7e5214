/**
 * `carefront-admin ehr set|show|check|clear` in child processes: the key is read from a file, sealed,
 * never printed; the public JWKS that `set` prints is what the EHR registers, and `check` then gets a
 * token from the real provider on loopback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../admin-cli';
import { tempDir } from '../cache/helpers';
import { deskKey, startOidcRig, type OidcRig } from './oidc-rig';
import { cliErrorCode } from '../../cli-error';
import type { JWK } from 'jose';
/** What `ehr set --json` prints for SMART Backend Services: the settings, with the public half of the key. */
interface SavedSettings {
  baseUrl: string;
  auth: { publicKeyThumbprint: string; publicJwks: { keys: JWK[] } };
}

describe('carefront-admin ehr', () => {
  let rig: OidcRig;
  let dir: string;
  let cleanup: () => void;
  let store: string[];
  const key = deskKey('RS384', 'site-key-1');
  let keyFile: string;

  beforeAll(async () => {
    rig = await startOidcRig();
    ({ dir, cleanup } = tempDir('carefront-ehr-cli-'));
    store = ['--db', path.join(dir, 'site.db'), '--key-file', path.join(dir, 'site.key')];
    keyFile = path.join(dir, 'desk-private.pem');
    fs.writeFileSync(keyFile, key.privatePem, { mode: 0o600 });
  });
  afterAll(async () => {
    await rig.close();
    cleanup();
  });

  /** Runs the CLI without blocking this process (the provider it talks to runs here). */
  const admin = (...args: string[]) => runAdmin(args, { cwd: dir, env: { CAREFRONT_DATA_DIR: path.join(dir, 'default-data') } });

  const noKeyIn = (text: string) => {
    expect(text).not.toContain('PRIVATE KEY');
    for (const line of key.privatePem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(text).not.toContain(line);
    expect(text).not.toContain(String(key.privateJwk.d));
  };

  it('set (discovering the token URL), show, check, clear — never printing the key or a token', async () => {
    expect((await admin('stats', ...store)).status).toBe(0); // the store and its key exist
    expect((await admin('ehr', 'show', ...store)).stdout).toBe('no EHR connection is set\n');

    const set = await admin(
      'ehr',
      'set',
      '--base-url',
      rig.fhirBaseUrl,
      '--client-id',
      'site-desk',
      '--private-key',
      keyFile,
      '--alg',
      'RS384',
      '--kid',
      key.kid,
      ...store,
      '--json',
    );
    expect(set.stderr).toBe('');
    expect(set.status).toBe(0);
    noKeyIn(set.stdout);
    const saved = JSON.parse(set.stdout) as SavedSettings;
    expect(saved).toMatchObject({
      baseUrl: rig.fhirBaseUrl,
      auth: { kind: 'smartBackend', clientId: 'site-desk', alg: 'RS384', kid: key.kid, scope: 'system/*.rs system/*.cud', tokenUrl: null },
    });
    expect(saved.auth.publicJwks.keys).toHaveLength(1);
    expect(saved.auth.publicJwks.keys[0]).toMatchObject({ kty: 'RSA', n: key.publicJwk.n, e: key.publicJwk.e, kid: key.kid, alg: 'RS384', use: 'sig' });
    expect(saved.auth.publicJwks.keys[0]!.d).toBeUndefined();
    noKeyIn(fs.readFileSync(path.join(dir, 'ehr-connection.json'), 'utf8'));

    const shown = await admin('ehr', 'show', ...store);
    expect(shown.stdout).toContain(`client id:  site-desk`);
    expect(shown.stdout).toContain(`discovered from ${rig.fhirBaseUrl}/.well-known/smart-configuration`);
    expect(shown.stdout).toContain(`thumbprint ${saved.auth.publicKeyThumbprint}`);
    noKeyIn(shown.stdout);

    // Not registered yet: refused with the code; then registered with the JWKS `set` printed.
    const refused = await admin('ehr', 'check', ...store);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^carefront-admin: ehrAuthClientRejected: /);
    await rig.register('site-desk', { alg: 'RS384', publicJwks: saved.auth.publicJwks.keys });
    const before = rig.tokenRequests;
    const checked = await admin('ehr', 'check', ...store, '--json');
    expect(checked.status).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ ok: true, auth: 'smartBackend', tokenObtained: true });
    expect(checked.stdout).not.toMatch(/eyJ/);
    expect(rig.tokenRequests).toBe(before + 1);

    expect(JSON.parse((await admin('ehr', 'clear', ...store, '--json')).stdout)).toEqual({ cleared: true });
    expect((await admin('ehr', 'show', ...store, '--json')).stdout).toBe('null\n');
  }, 60_000);

  it('refuses bad settings with ehrSettingsInvalid, and a key given on the command line is not a file', async () => {
    const remoteNone = await admin('ehr', 'set', '--base-url', 'https://fhir.example.org/r4', '--auth', 'none', ...store, '--json');
    expect(remoteNone.status).toBe(1);
    expect(cliErrorCode(remoteNone.stderr)).toBe('ehrSettingsInvalid');
    const hs = await admin(
      'ehr',
      'set',
      '--base-url',
      'https://fhir.example.org/r4',
      '--client-id',
      'c',
      '--private-key',
      keyFile,
      '--alg',
      'HS256',
      '--kid',
      'k',
      ...store,
    );
    expect(hs.stderr).toMatch(/^carefront-admin: ehrSettingsInvalid: .*auth.alg: alg must be RS384 or ES384/);
    noKeyIn(hs.stderr);
    const pasted = await admin(
      'ehr',
      'set',
      '--base-url',
      'https://fhir.example.org/r4',
      '--client-id',
      'c',
      '--private-key',
      key.privatePem,
      '--alg',
      'RS384',
      '--kid',
      'k',
      ...store,
    );
    expect(pasted.status).toBe(64);
    noKeyIn(pasted.stderr);
    expect(fs.existsSync(path.join(dir, 'ehr-connection.json'))).toBe(false);
  }, 60_000);
});
