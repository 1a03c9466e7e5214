/**
 * The site's FHIR connection at rest: the private key and the cached token are sealed (the raw files
 * hold neither), a restart reuses a good token, and a file sealed under another store key or
 * tampered with is set aside instead of crashing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { openSiteEhr } from '../../../electron/ehr/site-connection';
import { deskKey, startOidcRig, type OidcRig } from './oidc-rig';

const storeKey = crypto.randomBytes(32);

describe('EHR connection store', () => {
  let rig: OidcRig;
  let dir: string;
  beforeAll(async () => {
    rig = await startOidcRig();
  });
  afterAll(async () => {
    await rig.close();
  });
  const dirs: string[] = [];
  const freshDir = () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-ehr-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    dirs.forEach((d) => {
      fs.rmSync(d, { recursive: true, force: true });
    });
  });

  async function configured(alg: 'RS384' | 'ES384' = 'RS384') {
    const key = deskKey(alg);
    const clientId = `site-${crypto.randomUUID().slice(0, 8)}`;
    await rig.register(clientId, { alg, publicJwks: [key.publicJwk] });
    const store = new EhrConnectionStore(freshDir(), new SecretBox(storeKey));
    store.save({ baseUrl: rig.fhirBaseUrl, auth: { kind: 'smartBackend', tokenUrl: rig.tokenUrl, clientId, alg, kid: key.kid, privateKey: key.privatePem } });
    return { key, clientId, store };
  }

  /** Every file of the data directory, raw. */
  const rawFiles = () => fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));

  it('seals the private key and the cached token: the files on disk contain neither', async () => {
    const { key, store } = await configured();
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    const site = openSiteEhr(dir, storeKey);
    const header = await site.link!.authorizer.authorize();
    const token = header!.slice('Bearer '.length);
    expect(fs.existsSync(store.tokenFile)).toBe(true);
    expect(fs.statSync(store.tokenFile).mode & 0o777).toBe(0o600);

    const pemLines = key.privatePem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    for (const raw of rawFiles()) {
      expect(raw).not.toContain('PRIVATE KEY');
      for (const line of pemLines) expect(raw).not.toContain(line);
      expect(raw).not.toContain(token);
      expect(raw).not.toContain(token.split('.')[2]!); // not even the signature part
    }
    // What is readable: the settings that are not secret.
    const onDisk: unknown = JSON.parse(fs.readFileSync(store.file, 'utf8'));
    expect(onDisk).toMatchObject({ baseUrl: rig.fhirBaseUrl, auth: { kind: 'smartBackend', alg: 'RS384', kid: key.kid } });
    expect(store.load()).toMatchObject({ auth: { privateKey: key.privatePem } });
  });

  it('a restart reuses the sealed token while it is good; new settings drop it', async () => {
    await configured('ES384');
    const first = await openSiteEhr(dir, storeKey).link!.authorizer.authorize();
    const requests = rig.tokenRequests;
    const afterRestart = openSiteEhr(dir, storeKey);
    expect(await afterRestart.link!.authorizer.authorize()).toBe(first);
    expect(rig.tokenRequests).toBe(requests);

    // Saving the connection again (e.g. a new scope) drops the token: it was granted for other settings.
    const current = afterRestart.store.load()!;
    afterRestart.store.save({ ...current, auth: { ...current.auth, scope: 'system/*.read system/*.write' } });
    expect(fs.existsSync(afterRestart.store.tokenFile)).toBe(false);
    expect(await openSiteEhr(dir, storeKey).link!.authorizer.authorize()).not.toBe(first);
    expect(rig.tokenRequests).toBe(requests + 1);
  });

  it('files sealed under another store key, or edited, are set aside: not configured, no crash', async () => {
    const { store } = await configured();
    await openSiteEhr(dir, storeKey).link!.authorizer.authorize();
    const other = openSiteEhr(dir, crypto.randomBytes(32));
    expect(other.link).toBeNull();
    expect(fs.readdirSync(dir).some((f) => f.startsWith('ehr-connection.json.invalid-'))).toBe(true);
    expect(fs.existsSync(store.tokenFile)).toBe(false);

    // Valid settings, but not the ones sealed with the key: an edit is not followed (it would send the
    // desk's assertions and its FHIR traffic elsewhere).
    for (const edit of [
      (r: { baseUrl: string }) => (r.baseUrl = 'https://elsewhere.example.org/fhir'),
      (r: { auth: { clientId: string } }) => (r.auth.clientId = 'someone-else'),
      // Whose access the interactive requests use is as much the administrator's word as the URL.
      (r: { interactiveAs: string }) => (r.interactiveAs = 'signedInUser'),
    ]) {
      await configured();
      const file = path.join(dir, 'ehr-connection.json');
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { baseUrl: string; auth: { clientId: string }; interactiveAs: string };
      edit(raw);
      fs.writeFileSync(file, JSON.stringify(raw));
      expect(openSiteEhr(dir, storeKey).link).toBeNull();
      expect(fs.existsSync(file)).toBe(false);
    }
  });

  it('keeps whose access the interactive requests use: the site by default, the signed-in user when set, nothing else', async () => {
    const { store } = await configured();
    expect(openSiteEhr(dir, storeKey).link!.connection.interactiveAs).toBe('site');
    // Settings saved before the choice existed (no interactiveAs in the file) still load, as the site.
    const file = path.join(dir, 'ehr-connection.json');
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete raw.interactiveAs;
    fs.writeFileSync(file, JSON.stringify(raw));
    expect(openSiteEhr(dir, storeKey).link!.connection.interactiveAs).toBe('site');
    const current = openSiteEhr(dir, storeKey).link!.connection;
    store.save({ ...current, interactiveAs: 'signedInUser' });
    expect(openSiteEhr(dir, storeKey).link!.connection.interactiveAs).toBe('signedInUser');
    expect(() => store.save({ ...current, interactiveAs: 'anyone' })).toThrow(/interactiveAs must be "site" or "signedInUser"/);
  });

  it('refuses invalid settings without writing anything; clear removes the connection and its token', async () => {
    const store = new EhrConnectionStore(freshDir(), new SecretBox(storeKey));
    expect(() => store.save({ baseUrl: 'https://fhir.example.org', auth: { kind: 'none' } })).toThrow(expect.objectContaining({ code: 'ehrSettingsInvalid' }));
    expect(fs.readdirSync(dir)).toEqual([]);
    const { store: saved } = await configured();
    await openSiteEhr(dir, storeKey).link!.authorizer.authorize();
    expect(saved.clear()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(saved.clear()).toBe(false);
    expect(openSiteEhr(dir, storeKey).link).toBeNull();
  });
});
