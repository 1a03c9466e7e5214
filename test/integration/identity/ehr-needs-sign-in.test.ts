/**
 * Real patient data needs a signed-in user: a desk connected to the organisation's FHIR server (SMART Backend Services,
 * the kind of connection a real server takes) refuses to start at a site without an identity provider, and so does a
 * connection whose interactive requests are to go as the signed-in user. The demo store and a test server on this
 * machine (`auth: none`, loopback only) still start without one. Nothing is sent anywhere: the desk stops before it
 * starts anything.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { createServices, type ServicesOptions } from '../../../electron/main/services';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { deskKey } from '../ehr/oidc-rig';

let dir: string;
const options = (): ServicesOptions => ({ dataDir: dir, transport: 'bridge', demoPatients: 5 });
const connections = () => new EhrConnectionStore(dir, new SecretBox(keyFileProvider(path.join(dir, 'demo.key')).readKey()!));
const startError = () =>
  createServices(options()).then(
    async (s) => {
      await s.close();
      return null;
    },
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-ehr-needs-sign-in-'));
  await (await createServices(options())).close();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a desk on real patient data needs a signed-in user', () => {
  it("refuses to start with the organisation's FHIR server and no identity provider", async () => {
    const key = deskKey('ES384');
    connections().save({
      baseUrl: 'https://fhir.example.org/r4',
      auth: { kind: 'smartBackend', tokenUrl: 'https://auth.example.org/token', clientId: 'site-1', alg: 'ES384', kid: key.kid, privateKey: key.privatePem },
    });
    expect(await startError()).toMatch(/connected to the organisation's FHIR server: its users must sign in/);
  });

  it('refuses interactive requests as the signed-in user at a site that signs nobody in', async () => {
    connections().save({ baseUrl: 'http://127.0.0.1:9/fhir', auth: { kind: 'none' }, interactiveAs: 'signedInUser' });
    expect(await startError()).toMatch(/as the signed-in user, but this site has no identity provider/);
  });

  it('starts on a test server on this machine without one, its requests as the site', async () => {
    const saved = connections().save({ baseUrl: 'http://127.0.0.1:9/fhir', auth: { kind: 'none' } });
    expect(saved.interactiveAs).toBe('site');
    expect(await startError()).toBeNull();
  });
});
