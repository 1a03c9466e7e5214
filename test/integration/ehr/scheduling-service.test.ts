/**
 * Scheduling through the desk's own services and dispatcher (the page's way in), on a real encrypted store connected
 * to the real HAPI FHIR R4 server: every action is refused (notVerified) until the caller on the agent's call is
 * verified for the patient, and audited, refused or not; once verified the next available slot is found, booked,
 * moved to the next one and cancelled on the server, each written appointment in the open patient view at once; a
 * desk with no EHR link says so (ehrNotConfigured).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Appointment, Patient, Slot } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EhrSyncStateRepository, keyFileProvider, openStore, ServerCopyRepository, type AuditEvent } from '../../../electron/cache';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { writeSyncPoint } from '../../../electron/ehr/sync-state';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { SchedulingService } from '../../../electron/main/services/scheduling';
import { SecretBox } from '../../../electron/main/services/secret-box';
import type { PatientChanged } from '../../../shared/events/domain-events';
import type { ArgsOf, ChannelName } from '../../../shared/ipc/contract';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { invoke } from '../app/invoke';
import { answeredCall, type TestCall } from '../app/caller-call';
import { ifSetUp } from '../../if-set-up';
import { SERVICE_TYPE, seedSchedule, type SeededSchedule } from './schedule-seed';

const info = fhirServerInfo();

describe.skipIf(!info.baseUrl)(
  info.baseUrl ? 'scheduling on the desk, gated and audited, against a real HAPI FHIR R4 server' : `scheduling service: SKIPPED, ${info.reason}`,
  () => {
    let dir: string;
    let client: FhirClient;
    let seeded: SeededSchedule;
    let services: Services;
    let dispatch: Dispatch;
    let call: TestCall | null = null;
    const changed: PatientChanged[] = [];
    const send = <C extends ChannelName>(channel: C, args: ArgsOf<C>) => invoke(dispatch, channel, args);
    const query = () => ({ practitionerId: seeded.practitionerId, serviceType: SERVICE_TYPE.code, from: seeded.from, to: seeded.to, limit: 3 });
    /** The audit rows about the patient written since `seq`, newest first. */
    const auditSince = (count: number): AuditEvent[] =>
      services.audit.recent(count).filter((e) => e.entity.some((x) => x.what.reference === `Patient/${seeded.patientId}`));
    const op = (e: AuditEvent) => e.subtype[0]!.code;
    /** The newest scheduling row about the patient. */
    const lastScheduling = (): AuditEvent => auditSince(20).find((e) => op(e).startsWith('schedule-'))!;

    beforeAll(async () => {
      client = new FhirClient({ baseUrl: await waitForFhirServer(info) });
      seeded = await seedSchedule(client, 6);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-schedule-'));
      // A desk whose store is connected to the server (as the admin CLI leaves it) and has had its first load.
      const keys = keyFileProvider(path.join(dir, 'demo.key'));
      const store = openStore({ path: path.join(dir, 'demo.db'), keyProvider: keys });
      new EhrConnectionStore(dir, new SecretBox(keys.readKey()!)).save({ baseUrl: await waitForFhirServer(info), auth: { kind: 'none' } });
      writeSyncPoint(new EhrSyncStateRepository(store), new Date().toISOString());
      store.close();
      services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 0 });
      services.events.on('patient.changed', (c) => changed.push(c));
      dispatch = createDispatch(buildHandlers(services));
      // The patient as the sync brings them from the server.
      new ServerCopyRepository(services.store).apply([await client.read<Patient>('Patient', seeded.patientId)], 'sync');
    }, FHIR_READY_TIMEOUT_MS + 60_000);

    afterAll(async () => {
      await ifSetUp(services, (s) => s.close());
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('refuses every action, audited, with no caller’s call and before the caller is verified', async () => {
      const patientId = seeded.patientId;
      const noCall = await dispatch('schedule.findSlots', { patientId, query: query() });
      expect(!noCall.ok && noCall.error.code).toBe('notVerified');
      call = answeredCall(services);
      await send('patients.view', { patientId });
      const attempts = [
        await dispatch('schedule.findSlots', { patientId, query: query() }),
        await dispatch('schedule.book', { clientId: randomUUID(), patientId, slotId: seeded.slotIds[0]!, slotVersion: '1' }),
        await dispatch('schedule.reschedule', {
          clientId: randomUUID(),
          patientId,
          appointmentId: 'a1',
          appointmentVersion: '1',
          slotId: seeded.slotIds[0]!,
          slotVersion: '1',
        }),
        await dispatch('schedule.cancel', { patientId, appointmentId: 'a1', appointmentVersion: '1', reason: 'pat' }),
      ];
      expect(attempts.map((r) => !r.ok && r.error.code)).toEqual(['notVerified', 'notVerified', 'notVerified', 'notVerified']);
      // One public identifier is not enough.
      await send('verification.check', { patientId, identifier: 'name', value: 'Chidi Okafor' });
      const still = await dispatch('schedule.findSlots', { patientId, query: query() });
      expect(!still.ok && still.error.code).toBe('notVerified');
      const rows = auditSince(40).filter((e) => op(e).startsWith('schedule-'));
      expect(rows.slice(0, 6).map(op)).toEqual(['schedule-search', 'schedule-cancel', 'schedule-move', 'schedule-book', 'schedule-search', 'schedule-search']);
      expect(rows.slice(0, 6).every((e) => e.outcome === '4' && e.outcomeDesc === 'denied')).toBe(true);
      // Nothing was written on the server.
      expect((await client.read<Slot>('Slot', seeded.slotIds[0]!)).status).toBe('free');
    });

    it('verified: the next available is found, booked, moved to the next one and cancelled on the server, each step audited and in the view at once', async () => {
      const patientId = seeded.patientId;
      const verified = await send('verification.check', { patientId, identifier: 'birthDate', value: '1980-05-17' });
      expect(verified.status).toBe('verified');
      expect(verified.visibleSections).toContain('appointments');

      const found = await send('schedule.findSlots', { patientId, query: query() });
      expect(found.slots.map((s) => s.id)).toEqual(seeded.slotIds.slice(0, 3));
      const [first, second] = found.slots;
      expect(first!.instructions).toBe('Arrive 15 minutes early and bring your insurance card.');
      const searched = lastScheduling();
      expect(op(searched)).toBe('schedule-search');
      expect(searched.outcome).toBe('0');

      const booked = await send('schedule.book', { clientId: randomUUID(), patientId, slotId: first!.id, slotVersion: first!.version, reason: 'check-up' });
      expect(booked.ok).toBe(true);
      if (!booked.ok) return;
      const appointmentId = booked.booked.appointmentId;
      expect((await client.read<Slot>('Slot', first!.id)).status).toBe('busy');
      // In the cache at once (no sync needed), with the server's version and the practitioner's name.
      expect(changed.some((c) => c.source === 'write-back' && c.patientIds.includes(patientId))).toBe(true);
      const view = await send('patients.view', { patientId });
      expect(view.summary.appointments).toContainEqual(
        expect.objectContaining({ id: appointmentId, status: 'booked', version: booked.booked.appointmentVersion, practitioner: 'Dr. Amara Lindqvist' }),
      );
      const bookRow = lastScheduling();
      expect([op(bookRow), bookRow.action, bookRow.outcome]).toEqual(['schedule-book', 'C', '0']);
      expect(bookRow.entity.map((x) => x.what.reference)).toEqual(expect.arrayContaining([`Slot/${first!.id}`, `Appointment/${appointmentId}`]));

      const moved = await send('schedule.reschedule', {
        clientId: randomUUID(),
        patientId,
        appointmentId,
        appointmentVersion: booked.booked.appointmentVersion,
        slotId: second!.id,
        slotVersion: second!.version,
      });
      expect(moved.ok).toBe(true);
      if (!moved.ok) return;
      expect((await client.read<Appointment>('Appointment', appointmentId)).status).toBe('cancelled');
      expect(await client.read<Appointment>('Appointment', moved.booked.appointmentId)).toMatchObject({ status: 'booked', start: second!.start });
      expect((await client.read<Slot>('Slot', first!.id)).status).toBe('free');
      const afterMove = (await send('patients.view', { patientId })).summary.appointments;
      expect(afterMove.find((a) => a.id === appointmentId)?.status).toBe('cancelled');
      expect(afterMove.find((a) => a.id === moved.booked.appointmentId)?.status).toBe('booked');
      expect([op(lastScheduling()), lastScheduling().action]).toEqual(['schedule-move', 'U']);

      const cancelled = await send('schedule.cancel', {
        patientId,
        appointmentId: moved.booked.appointmentId,
        appointmentVersion: moved.booked.appointmentVersion,
        reason: 'pat-fb',
      });
      const onServer = await client.read<Appointment>('Appointment', cancelled.appointmentId);
      expect(onServer.status).toBe('cancelled');
      expect(onServer.cancelationReason?.coding?.[0]?.code).toBe('pat-fb');
      expect((await client.read<Slot>('Slot', second!.id)).status).toBe('free');
      expect((await send('patients.view', { patientId })).summary.appointments.find((a) => a.id === cancelled.appointmentId)?.status).toBe('cancelled');
      const cancelRow = lastScheduling();
      expect([op(cancelRow), cancelRow.action, cancelRow.outcome]).toEqual(['schedule-cancel', 'U', '0']);
    });

    it('a slot taken by another desk is told at once with the next free slot, and audited as not booked', async () => {
      const patientId = seeded.patientId;
      const [slot] = (await send('schedule.findSlots', { patientId, query: query() })).slots;
      // Another desk books the same slot first, straight on the server.
      const current = await client.read<Slot>('Slot', slot!.id);
      await client.update({ ...current, status: 'busy' }, current.meta!.versionId!);
      const outcome = await send('schedule.book', { clientId: randomUUID(), patientId, slotId: slot!.id, slotVersion: slot!.version });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.reason).toBe('slotTaken');
      expect(outcome.next?.id).not.toBe(slot!.id);
      expect(Date.parse(outcome.next!.start)).toBeGreaterThan(Date.parse(slot!.start));
      const row = lastScheduling();
      expect([op(row), row.outcome]).toEqual(['schedule-book', '8']);
      expect(row.entity.flatMap((x) => x.detail ?? []).find((d) => d.type === 'outcome')?.valueString).toBe('slotTaken');
    });

    it('a desk with no EHR link says so, and audits the attempt', async () => {
      const offline = new SchedulingService({ book: null, verification: services.verification, audit: services.audit, actor: () => services.actor });
      const err = await offline.findSlots(seeded.patientId, query()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'ehrNotConfigured' });
      const row = lastScheduling();
      expect([op(row), row.outcome]).toEqual(['schedule-search', '8']);
      call?.hangup();
    });
  },
);
