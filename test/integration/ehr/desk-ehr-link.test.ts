/**
 * The desk's EHR link put together (electron/ehr/desk-ehr-link.ts), outside the e2e run: started on a real encrypted
 * store with the site's connection as the desk opens it (sealed beside the store), against the real HAPI FHIR R4
 * server. A store that has had its first load goes straight to the incremental sync (subscription watcher, polling
 * fallback): a patient created on the server reaches the cache and the listeners, the link's status says synced;
 * `stop()` stops everything it started: a change made afterwards no longer reaches the cache.
 */
import path from 'node:path';
import type { Patient } from 'fhir/r4';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EhrSyncStateRepository, keyFileProvider, openStore, ServerCopyRepository, type Store } from '../../../electron/cache';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { startDeskEhrLink } from '../../../electron/ehr/desk-ehr-link';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { openSiteEhr } from '../../../electron/ehr/site-connection';
import { writeSyncPoint } from '../../../electron/ehr/sync-state';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { EhrLinkStatusService } from '../../../electron/main/services/ehr-link-status';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { tempDir } from '../cache/helpers';

const info = fhirServerInfo();

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !ok();) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!info.baseUrl)(
  info.baseUrl ? 'the desk EHR link on a real store against a real HAPI FHIR R4 server' : `desk EHR link: SKIPPED, ${info.reason}`,
  () => {
    let baseUrl: string;
    let server: FhirClient;
    const cleanups: (() => void)[] = [];
    beforeAll(async () => {
      baseUrl = await waitForFhirServer(info);
      server = new FhirClient({ baseUrl });
    }, FHIR_READY_TIMEOUT_MS + 10_000);
    afterEach(() => {
      for (const c of cleanups.splice(0).reverse()) c();
    });

    const newPatient = async (tag: string): Promise<string> => {
      const value = `${tag}-${Date.now()}`;
      const written = await server.createIfNoneExist<Patient>(
        {
          resourceType: 'Patient',
          identifier: [{ system: 'urn:carefront:test:desk-ehr-link', value }],
          name: [{ family: 'Linkley', given: ['Sam'] }],
          birthDate: '1975-03-04',
        },
        `identifier=urn:carefront:test:desk-ehr-link|${value}`,
      );
      return written.resource.id!;
    };

    it('a change on the server reaches the cache; stop() stops the sync', async () => {
      const { dir, cleanup } = tempDir('carefront-desk-link-');
      cleanups.push(cleanup);
      const keys = keyFileProvider(path.join(dir, 'desk.key'));
      const store: Store = openStore({ path: path.join(dir, 'desk.db'), keyProvider: keys });
      cleanups.push(() => {
        store.close();
      });
      // The site's connection, sealed under the store key as the admin CLI keeps it, then opened as the desk does.
      new EhrConnectionStore(dir, new SecretBox(keys.readKey()!)).save({ baseUrl, auth: { kind: 'none' } });
      const site = openSiteEhr(dir, keys.readKey()!);
      expect(site.link).not.toBeNull();
      // The first load was done earlier (its sync point kept): the link goes straight to the incremental sync.
      writeSyncPoint(new EhrSyncStateRepository(store), new Date(Date.now() - 1000).toISOString());

      const status = new EhrLinkStatusService(new DomainEventBus(), { progressEveryMs: 10 });
      const changed: string[] = [];
      const link = startDeskEhrLink({ store, link: site.link, status, worker: null, onPatientsChanged: (ids) => changed.push(...ids), pollIntervalMs: 2000 });
      let stopped = false;
      cleanups.push(() => void (stopped || link.stop()));
      expect(link.engine()).not.toBeNull();
      expect(status.get()).toMatchObject({ configured: true, server: new URL(baseUrl).origin });

      const copy = new ServerCopyRepository(store);
      const id = await newPatient('reaches');
      await until('the new patient in the cache', () => copy.versionOf('Patient', id) !== null, 60_000);
      await until('the listeners told', () => changed.includes(id), 10_000);
      await until('the status synced', () => ['live', 'polling'].includes(status.get().state), 10_000);
      expect(status.get().lastSyncAt).not.toBeNull();

      await link.stop();
      stopped = true;
      const after = await newPatient('after-stop');
      // Longer than the polling interval: a running link would have brought it in by now.
      await new Promise((r) => setTimeout(r, 5000));
      expect(copy.versionOf('Patient', after)).toBeNull();
      expect(changed).not.toContain(after);
    }, 120_000);
  },
);
