/**
 * A refused token on the FHIR request path, end to end with real parts: the test FHIR server's guarded base
 * (/guarded/fhir, the same HAPI server and data as /fhir) checks every bearer token with a real OpenID provider
 * (oidc-provider, opaque tokens, RFC 7662 introspection). A token revoked at the provider while the desk holds it
 * gets a 401: the client drops it, gets one fresh token and sends the request once more. A second 401 is
 * ehrUnauthorized. A client disabled at the provider: the write waits in the outbox (in a real encrypted store
 * file) with a clear code and is delivered once the client is enabled again.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Communication } from 'fhir/r4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ContactRecordRepository,
  ImportRepository,
  keyFileProvider,
  openStore,
  OutboxJobRepository,
  PatientRepository,
  ServerCopyRepository,
} from '../../../electron/cache';
import { BulkExportClient } from '../../../electron/ehr/bulk-export';
import { parseEhrConnection } from '../../../electron/ehr/connection-settings';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { FhirError } from '../../../electron/ehr/fhir-error';
import { OutboxWorker } from '../../../electron/ehr/outbox-worker';
import { createEhrAuthorizer, type EhrAuthorizer } from '../../../electron/ehr/smart-backend-auth';
import { outboxWriteBack } from '../../../electron/ehr/write-back';
import { CLIENT_ID_SYSTEM } from '../../../electron/ehr/write-back-mapping';
import { saveWrapUp } from '../../../electron/main/services/wrap-up';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { ifSetUp } from '../../if-set-up';
import { tempDir } from '../cache/helpers';
import { deskKey, startOidcRig, type DeskKey, type OidcRig } from './oidc-rig';

const info = fhirServerInfo();

async function failure(p: Promise<unknown>): Promise<FhirError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FhirError);
  return err as FhirError;
}

describe.skipIf(!info.baseUrl)(
  info.baseUrl ? 'a refused token on the FHIR request path (HAPI checking tokens with oidc-provider)' : `token refused: SKIPPED, ${info.reason}`,
  () => {
    let rig: OidcRig | undefined;
    let openBase: string;
    let guardedBase: string;
    let origin: string;
    let resourceServer: { introspectionUrl: string; clientId: string; clientSecret: string };

    /** Says which provider checks the guarded base's tokens, and as whom (the test server's /guard). */
    const guardWith = async (credentials: typeof resourceServer) => {
      const res = await fetch(`${origin}/guard`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
      expect(res.status).toBe(204);
    };

    beforeAll(async () => {
      openBase = await waitForFhirServer(info);
      const url = new URL(openBase);
      origin = url.origin;
      guardedBase = `${origin}/guarded${url.pathname}`;
      rig = await startOidcRig({ accessTokenFormat: 'opaque' });
      resourceServer = await rig.registerResourceServer();
      await guardWith(resourceServer);
    }, FHIR_READY_TIMEOUT_MS + 10_000);
    afterAll(() => ifSetUp(rig, (r) => r.close()));
    // Whatever a test did to the guard, the next one starts with the right credentials.
    afterEach(() => guardWith(resourceServer));

    async function deskAuth(): Promise<{ clientId: string; key: DeskKey; authorizer: EhrAuthorizer }> {
      const key = deskKey('ES384');
      const clientId = `desk-${crypto.randomUUID().slice(0, 8)}`;
      await rig!.register(clientId, { alg: 'ES384', publicJwks: [key.publicJwk] });
      const connection = parseEhrConnection({
        baseUrl: guardedBase,
        auth: { kind: 'smartBackend', tokenUrl: rig!.tokenUrl, clientId, alg: 'ES384', kid: key.kid, privateKey: key.privatePem },
      });
      return { clientId, key, authorizer: createEhrAuthorizer(connection, { timeoutMs: 5000 }) };
    }
    const clientFor = (authorizer: EhrAuthorizer) =>
      new FhirClient({
        baseUrl: guardedBase,
        authorize: () => authorizer.authorize(),
        invalidate: (refused) => {
          authorizer.invalidate(refused);
        },
      });

    it('the guarded base refuses a request without a token, or with one the provider does not know', async () => {
      expect((await failure(new FhirClient({ baseUrl: guardedBase }).search('Patient', { _count: 1 }, { maxPages: 1 }))).code).toBe('ehrUnauthorized');
      const forged = new FhirClient({ baseUrl: guardedBase, authorize: () => Promise.resolve('Bearer not-a-token-of-this-provider') });
      const err = await failure(forged.search('Patient', { _count: 1 }, { maxPages: 1 }));
      expect([err.code, err.status]).toEqual(['ehrUnauthorized', 401]);
    });

    it('a token revoked at the provider while the desk holds it: one fresh token, the request sent once more, and it succeeds', async () => {
      const { authorizer } = await deskAuth();
      const client = clientFor(authorizer);
      const before = rig!.tokenRequests;
      await client.search('Patient', { _count: 1 }, { maxPages: 1 });
      expect(rig!.tokenRequests - before).toBe(1);
      const first = await authorizer.authorize();

      await rig!.revoke(first!.slice('Bearer '.length));
      const page = await client.search('Patient', { _count: 1 }, { maxPages: 1 });
      expect(page.pages).toBe(1);
      expect(rig!.tokenRequests - before).toBe(2);
      const second = await authorizer.authorize();
      expect(second).not.toBe(first);

      // The new token is reused: no further token request.
      await client.search('Patient', { _count: 1 }, { maxPages: 1 });
      expect(rig!.tokenRequests - before).toBe(2);

      // The bulk export client does the same on its kick-off.
      await rig!.revoke(second!.slice('Bearer '.length));
      const exports = new BulkExportClient({
        baseUrl: guardedBase,
        authorize: () => authorizer.authorize(),
        invalidate: (r) => {
          authorizer.invalidate(r);
        },
      });
      const statusUrl = await exports.kickOff({ types: ['Patient'] });
      expect(statusUrl.startsWith(`${guardedBase}/`)).toBe(true);
      expect(rig!.tokenRequests - before).toBe(3);
      await exports.cancel(statusUrl);
    });

    it('still 401 with the fresh token: ehrUnauthorized, after exactly one fresh token and one retry', async () => {
      const { authorizer } = await deskAuth();
      const client = clientFor(authorizer);
      await client.search('Patient', { _count: 1 }, { maxPages: 1 });
      // The server can no longer check any token (its own credentials at the provider are wrong): every token is refused.
      await guardWith({ ...resourceServer, clientSecret: 'wrong-secret-for-this-client' });
      const before = rig!.tokenRequests;
      const err = await failure(client.search('Patient', { _count: 1 }, { maxPages: 1 }));
      expect([err.code, err.status]).toEqual(['ehrUnauthorized', 401]);
      expect(rig!.tokenRequests - before).toBe(1);
    });

    it('a client disabled at the provider: the write waits in the outbox with a clear code, and goes once the client is back', async () => {
      const { clientId, key, authorizer } = await deskAuth();
      const { dir, cleanup } = tempDir('carefront-token-refused-');
      const store = openStore({ path: path.join(dir, 'desk.db'), keyProvider: keyFileProvider(path.join(dir, 'desk.key')) });
      try {
        const jobs = new OutboxJobRepository(store);
        const worker = new OutboxWorker({
          jobs,
          client: clientFor(authorizer),
          serverCopy: new ServerCopyRepository(store),
          baseBackoffMs: 5_000,
          maxBackoffMs: 10_000,
        });
        // A token is held, then the site's administrator disables the desk's client and revokes what it holds.
        const held = await authorizer.authorize();
        await rig!.remove(clientId);
        await rig!.revoke(held!.slice('Bearer '.length));

        const saved = saveWrapUp(
          {
            patients: new PatientRepository(store),
            imports: new ImportRepository(store),
            contacts: new ContactRecordRepository(store),
            writeBack: outboxWriteBack(jobs),
          },
          {
            callId: 'call-token-refused',
            patientId: null,
            disposition: 'resolved',
            notes: 'Asked about opening hours.',
            followUpAt: null,
            survey: false,
            handleSeconds: 60,
            afterCallSeconds: 10,
          },
          'workstation-user/agent7',
        );
        await worker.drain();
        const waiting = jobs.byClientId(saved.communicationId)!;
        expect(waiting.status).toBe('pending');
        expect(waiting.lastError).toBe('ehrAuthClientRejected');
        expect(worker.status()).toMatchObject({ waiting: 2, failed: 0, lastErrorCode: 'ehrAuthClientRejected' });

        // Enabled again: the waiting jobs are delivered (tried now rather than at their next try).
        await rig!.register(clientId, { alg: 'ES384', publicJwks: [key.publicJwk] });
        for (const job of jobs.pending('fhir')) expect(jobs.retryNow(job.clientId)).toBe(true);
        await worker.drain();
        expect(worker.status()).toMatchObject({ waiting: 0, failed: 0 });
        const found = await new FhirClient({ baseUrl: openBase }).search<Communication>('Communication', {
          identifier: `${CLIENT_ID_SYSTEM}|${saved.communicationId}`,
        });
        expect(found.resources).toHaveLength(1);
      } finally {
        store.close();
        cleanup();
      }
    });
  },
);
