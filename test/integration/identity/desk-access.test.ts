/**
 * The desk behind its sign-in, through the real dispatcher and the real provider: before sign-in a patient search
 * is refused (signInRequired); an agent's session searches and the audit row names the user; the team's board
 * answers a team lead's session only; a trainee is refused the live desk; the start-up roles are refused; after
 * sign-out the desk is closed again.
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../app/invoke';
import { ifSetUp } from '../../if-set-up';
import { answeredCall, ringIn } from '../app/caller-call';
import { ageOn } from '../../../shared/domain/age';
import { createServices } from '../../../electron/main/services';
import { startSignedInDesk, type SignedInDesk } from './signed-in-desk';

let desk: SignedInDesk;

beforeAll(async () => {
  desk = await startSignedInDesk();
});

afterAll(async () => {
  await ifSetUp(desk, (d) => d.close());
});

describe('the desk behind its sign-in', () => {
  it('refuses start-up roles when the site signs its users in', async () => {
    await expect(createServices({ ...desk.options(), appRole: 'teamLead' })).rejects.toThrow(/start-up roles \(--role, --desk-role\) are refused/);
    await expect(createServices({ ...desk.options(), role: 'supervisor' })).rejects.toThrow(/start-up roles/);
  });

  it('answers only the open channels before sign-in', async () => {
    expect(await invoke(desk.dispatch, 'identity.status', {})).toEqual({
      configured: true,
      provider: new URL(desk.rig.issuer).host,
      session: null,
      locked: null,
      autoLockSeconds: 600,
      ringingWhileLocked: false,
    });
    expect(await desk.refusal('patients.search', { mrn: 'MRN-1' })).toBe('signInRequired');
    expect(await desk.refusal('board.get')).toBe('signInRequired');
    expect(await desk.refusal('phone.getState')).toBe('signInRequired');
    expect((await invoke(desk.dispatch, 'app.info', {})).role).toBe('agent');
    expect((await invoke(desk.dispatch, 'settings.get', {})).language).toBeTruthy();
  });

  it('sends the page no call, screen pop or verification while nobody is signed in', () => {
    const sent = desk.pageEvents.length;
    const call = ringIn(desk.services, '+15550199001');
    call.hangup();
    desk.services.verification.workDone();
    expect(desk.pageEvents.slice(sent)).toEqual([]);
  });

  it("an agent's session searches (the audit row names the user) but is refused the team's board", async () => {
    const status = await desk.signInAs('agent.one');
    expect(status.session).toMatchObject({ name: 'Sam Okafor', deskRole: 'agent', verificationRole: 'frontDesk', team: 'north', notices: [] });
    expect(JSON.stringify(status)).not.toMatch(/agent\.one|token/i);
    expect(desk.changes.at(-1)).toEqual(status);
    expect((await invoke(desk.dispatch, 'app.info', {})).role).toBe('agent');

    const before = desk.services.audit.count();
    await invoke(desk.dispatch, 'patients.search', { mrn: 'MRN-NOT-ON-FILE' });
    expect(desk.services.audit.count()).toBe(before + 1);
    const [row] = desk.services.audit.recent(1);
    expect(row?.agent[0]?.who.identifier.value).toBe(`${desk.rig.issuer}#agent.one at workstation-user/${os.userInfo().username}`);

    expect(await desk.refusal('board.get')).toBe('forbidden');
    expect(await desk.refusal('kpi.report', { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() })).toBe('forbidden');
    expect(await desk.refusal('monitor.list')).toBe('forbidden');
  });

  it('the idle lock closes the desk until the user signs in again, and says whose desk it was', async () => {
    const locked = await invoke(desk.dispatch, 'identity.lock', {});
    expect(locked).toMatchObject({ session: null, locked: { name: 'Sam Okafor' }, autoLockSeconds: 600 });
    expect(desk.changes.at(-1)).toMatchObject({ session: null, locked: { name: 'Sam Okafor' } });
    expect(await desk.refusal('patients.search', { mrn: 'MRN-1' })).toBe('signInRequired');
    expect(await desk.refusal('identity.status')).toBe('answered');
    const back = await desk.signInAs('agent.one');
    expect(back).toMatchObject({ session: { name: 'Sam Okafor', deskRole: 'agent' }, locked: null });
    await invoke(desk.dispatch, 'patients.search', { mrn: 'MRN-NOT-ON-FILE' });
    expect(desk.services.audit.recent(1)[0]?.agent[0]?.who.identifier.value).toBe(`${desk.rig.issuer}#agent.one at workstation-user/${os.userInfo().username}`);
  });

  it("what the agent's checks unlocked on a live call is gone when someone else signs in", async () => {
    // An adult on file with a phone (a minor's record has rules of its own).
    const ids = (
      desk.services.store.connection().prepare('SELECT id FROM patient_index WHERE birth_date IS NOT NULL AND mrn IS NOT NULL').all() as { id: string }[]
    ).map((r) => r.id);
    const row = {
      id:
        ids.find((id) => {
          const p = desk.services.patients.summary(id, { actor: 'test', reason: 'test fixture' }).patient;
          return p.phones[0] && (ageOn(p.birthDate, new Date()) ?? 0) >= 18;
        }) ?? '',
    };
    const onFile = desk.services.patients.summary(row.id, { actor: 'test', reason: 'test fixture' }).patient;
    const sent = desk.pageEvents.length;
    const call = answeredCall(desk.services, onFile.phones[0]);
    expect(desk.pageEvents.slice(sent)).toEqual(expect.arrayContaining(['call.updated', 'call.screenPop']));
    await invoke(desk.dispatch, 'verification.check', { patientId: row.id, identifier: 'mrn', value: onFile.mrn ?? '' });
    const verified = await invoke(desk.dispatch, 'verification.check', { patientId: row.id, identifier: 'birthDate', value: onFile.birthDate ?? '' });
    expect(verified.status).toBe('verified');
    expect((await invoke(desk.dispatch, 'patients.view', { patientId: row.id })).summary.patient.mrn).toBe(onFile.mrn);

    await desk.signOut();
    await desk.signInAs('lead.one');
    const view = await invoke(desk.dispatch, 'patients.view', { patientId: row.id });
    expect(view.verification.status).toBe('unverified');
    expect(view.summary.patient.mrn).toBeNull();
    call.hangup();
  });

  it('after sign-out the desk is closed again; a team lead signing in gets the board', async () => {
    const out = await desk.signOut();
    expect(out.session).toBeNull();
    expect(desk.changes.at(-1)?.session).toBeNull();
    expect(await desk.refusal('patients.search', { mrn: 'MRN-1' })).toBe('signInRequired');

    const lead = await desk.signInAs('lead.one');
    expect(lead.session).toMatchObject({ name: 'Lee Ahmed', deskRole: 'teamLead', verificationRole: 'supervisor' });
    expect((await invoke(desk.dispatch, 'app.info', {})).role).toBe('teamLead');
    expect((await invoke(desk.dispatch, 'board.get', {})).rows).toBeInstanceOf(Array);
    expect(await invoke(desk.dispatch, 'monitor.list', {})).toEqual([]);
    expect(
      (await invoke(desk.dispatch, 'kpi.report', { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() })).source,
    ).toBeTruthy();

    await desk.signOut();
    expect(await desk.refusal('board.get')).toBe('signInRequired');
  });

  it('a user the provider gives no roles signs in as a trainee, whom the live desk refuses', async () => {
    const trainee = await desk.signInAs('new.starter');
    expect(trainee.session).toMatchObject({ deskRole: 'trainee', verificationRole: 'frontDesk', notices: ['rolesClaimMissing'] });
    expect(await desk.refusal('patients.search', { mrn: 'MRN-1' })).toBe('forbidden');
    expect(await desk.refusal('phone.getState')).toBe('forbidden');
    expect((await invoke(desk.dispatch, 'identity.status', {})).session?.name).toBe('Nat Diaz');
    await desk.signOut();
  });
});
