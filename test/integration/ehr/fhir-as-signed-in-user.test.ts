/**
 * The FHIR access of the desk belongs to the signed-in user, end to end with real parts: the test FHIR server's guarded
 * base (HAPI; every bearer token checked at its provider's introspection endpoint) trusts two providers at once, the
 * site's (SMART Backend Services, client credentials: the sync) and the organisation's sign-in (oidc-provider over TLS,
 * its login page filled in by a real Chromium: the agent). A site whose connection says `interactiveAs: signedInUser`
 * books and reads the team's worklist with the agent's own token, so the server itself sees who booked; the sync keeps
 * the site's client. A token
 * revoked at the provider is refreshed once and the request goes through; with nobody signed in nothing is sent as
 * anyone.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Patient } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EhrSyncStateRepository, keyFileProvider, openStore, ServerCopyRepository } from '../../../electron/cache';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { openSiteEhr, interactiveFhirClient } from '../../../electron/ehr/site-connection';
import { writeSyncPoint } from '../../../electron/ehr/sync-state';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { codeOf } from '../../../shared/errors';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { ifSetUp } from '../../if-set-up';
import { answeredCall, type TestCall } from '../app/caller-call';
import { invoke } from '../app/invoke';
import { startSignedInDesk, type SignedInDesk } from '../identity/signed-in-desk';
import { DESK_CLIENT_ID } from '../identity/interactive-oidc-rig';
import { deskKey, startOidcRig, type OidcRig } from './oidc-rig';
import { retireSchedule, SERVICE_TYPE, seedSchedule, type SeededSchedule } from './schedule-seed';

const info = fhirServerInfo();

/** SMART v2 user scopes: what the agent may read and search, create and update, as themselves. */
const USER_SCOPES = 'user/*.rs user/*.cu';

interface Seen {
  seq: number;
  method: string;
  resource: string;
  subject: string;
  clientId: string;
  scope: string;
}

describe.skipIf(!info.baseUrl)(
  info.baseUrl
    ? "the desk's FHIR access is the signed-in user's (HAPI trusting the site's client and the organisation's sign-in)"
    : `FHIR as the signed-in user: SKIPPED, ${info.reason}`,
  () => {
    let origin: string;
    let guardedBase: string;
    let server: FhirClient;
    let seeded: SeededSchedule;
    let siteRig: OidcRig | undefined;
    let siteClientId: string;
    let desk: SignedInDesk | undefined;
    let call: TestCall | null = null;
    const guardTrusts = async (credentials: object) => {
      const res = await fetch(`${origin}/guard`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
      expect(res.status).toBe(204);
    };
    /** The guarded requests let through since `since`, with whose token each carried. */
    const seenSince = async (since: number): Promise<Seen[]> => ((await (await fetch(`${origin}/guard?since=${since}`)).json()) as { seen: Seen[] }).seen;
    const lastSeq = async () => (await seenSince(0)).at(-1)?.seq ?? 0;
    const query = () => ({ practitionerId: seeded.practitionerId, serviceType: SERVICE_TYPE.code, from: seeded.from, to: seeded.to, limit: 2 });

    beforeAll(async () => {
      const openBase = await waitForFhirServer(info);
      const url = new URL(openBase);
      origin = url.origin;
      guardedBase = `${origin}/guarded${url.pathname}`;
      server = new FhirClient({ baseUrl: openBase });
      seeded = await seedSchedule(server, 4);
      // The site's own client (the sync, the outbox), as the EHR registered it.
      siteRig = await startOidcRig({ accessTokenFormat: 'opaque' });
      await guardTrusts(await siteRig.registerResourceServer());
      const key = deskKey('ES384');
      siteClientId = `site-${crypto.randomUUID().slice(0, 8)}`;
      await siteRig.register(siteClientId, { alg: 'ES384', publicJwks: [key.publicJwk] });
      desk = await startSignedInDesk(
        {},
        {
          rig: { fhir: { resource: guardedBase, scope: USER_SCOPES } },
          scope: `openid profile offline_access ${USER_SCOPES}`,
          beforeStart: async (dir, storeKey, rig) => {
            // The FHIR server trusts the organisation's sign-in too (its TLS certificate, for this run).
            await guardTrusts({ ...(await rig.registerResourceServer()), trustedCertificate: rig.certificate });
            new EhrConnectionStore(dir, new SecretBox(storeKey)).save({
              baseUrl: guardedBase,
              auth: { kind: 'smartBackend', tokenUrl: siteRig!.tokenUrl, clientId: siteClientId, alg: 'ES384', kid: key.kid, privateKey: key.privatePem },
              interactiveAs: 'signedInUser',
            });
            // The store has had its first load (the sync goes on from now).
            const store = openStore({ path: path.join(dir, 'demo.db'), keyProvider: keyFileProvider(path.join(dir, 'demo.key')) });
            writeSyncPoint(new EhrSyncStateRepository(store), new Date().toISOString());
            store.close();
          },
        },
      );
    }, FHIR_READY_TIMEOUT_MS + 60_000);

    afterAll(async () => {
      call?.hangup();
      await ifSetUp(desk, (d) => d.close());
      await ifSetUp(siteRig, (r) => r.close());
      await ifSetUp(seeded, (s) => retireSchedule(server, s));
    });

    it('the agent books and reads the worklist with their own token, so the server sees who did; the sync goes as the site', async () => {
      const d = desk!;
      const since = await lastSeq();
      await d.signInAs('agent.one');
      const patientId = seeded.patientId;
      new ServerCopyRepository(d.services.store).apply([await server.read<Patient>('Patient', patientId)], 'sync');
      call = answeredCall(d.services);
      await invoke(d.dispatch, 'patients.view', { patientId });
      await invoke(d.dispatch, 'verification.check', { patientId, identifier: 'name', value: 'Chidi Okafor' });
      expect((await invoke(d.dispatch, 'verification.check', { patientId, identifier: 'birthDate', value: '1980-05-17' })).status).toBe('verified');
      const found = await invoke(d.dispatch, 'schedule.findSlots', { patientId, query: query() });
      expect(found.slots.map((s) => s.id)).toEqual(seeded.slotIds.slice(0, 2));
      const slot = found.slots[0]!;
      const booked = await invoke(d.dispatch, 'schedule.book', { clientId: crypto.randomUUID(), patientId, slotId: slot.id, slotVersion: slot.version });
      expect(booked.ok).toBe(true);
      // The team's worklist is read as the agent too.
      await invoke(d.dispatch, 'worklist.list', {});

      const seen = await seenSince(since);
      const agents = seen.filter((s) => s.clientId === DESK_CLIENT_ID);
      // Searched and written as agent.one, with the user scopes the sign-in granted.
      expect(agents.some((s) => s.method === 'GET' && s.resource === 'Slot')).toBe(true);
      expect(agents.some((s) => s.method !== 'GET')).toBe(true);
      expect(agents.some((s) => s.method === 'GET' && s.resource === 'Task')).toBe(true);
      expect(new Set(agents.map((s) => s.subject))).toEqual(new Set(['agent.one']));
      expect(agents.every((s) => s.scope.split(' ').includes('user/*.rs'))).toBe(true);
      // The sync's requests carry the site's client and no user.
      const site = seen.filter((s) => s.clientId === siteClientId);
      expect(site.length).toBeGreaterThan(0);
      expect(site.every((s) => s.subject !== 'agent.one')).toBe(true);
      // Nothing else reached the guarded base as anyone.
      expect(seen.filter((s) => s.clientId !== DESK_CLIENT_ID && s.clientId !== siteClientId && s.subject === 'agent.one')).toEqual([]);
    });

    it('a token revoked at the provider: one refresh, and the request goes through as the same user', async () => {
      const d = desk!;
      const refreshes = d.rig.refreshRequests;
      await d.rig.revokeLatestAccessToken('agent.one');
      const since = await lastSeq();
      const found = await invoke(d.dispatch, 'schedule.findSlots', { patientId: seeded.patientId, query: query() });
      expect(found.slots.length).toBeGreaterThan(0);
      expect(d.rig.refreshRequests).toBe(refreshes + 1);
      const agents = (await seenSince(since)).filter((s) => s.clientId === DESK_CLIENT_ID);
      expect(agents.length).toBeGreaterThan(0);
      expect(new Set(agents.map((s) => s.subject))).toEqual(new Set(['agent.one']));
    });

    it('signed out: the desk refuses, and a client of the interactive requests sends nothing as anyone', async () => {
      const d = desk!;
      call?.hangup();
      call = null;
      await d.signOut();
      expect(await d.refusal('schedule.findSlots', { patientId: seeded.patientId, query: query() })).toBe('signInRequired');
      const since = await lastSeq();
      const link = openSiteEhr(d.dir, keyFileProvider(path.join(d.dir, 'demo.key')).readKey()!).link!;
      const client = interactiveFhirClient(link, d.services.identity.userAccess());
      const err = await client.search('Slot', { _count: 1 }, { maxPages: 1 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(codeOf(err)).toBe('signInRequired');
      expect((await seenSince(since)).filter((s) => s.clientId === DESK_CLIENT_ID)).toEqual([]);
    });
  },
);
