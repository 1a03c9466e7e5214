/**
 * The phone belongs to the signed-in user, on the real SIP rig (Kamailio) and the real provider:
 * - before anyone signs in the desk is not registered; a user's own SIP account registers when they sign in and
 *   is kept sealed under a key that names nobody; signing out ends the registration; another user does not get it;
 * - a start-up SIP account is refused at a site that signs its users in;
 * - a call that rings while the desk is locked is not popped: the page hears only that a call rings (no number),
 *   nothing is audited under nobody's name; the user signs in again and the call is popped for them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/main/services';
import { SipAccountSchema } from '../../../shared/domain/phone';
import { Baresip, Kamailio, RIG_USERS, waitFor } from '../../rig/rig';
import { ifSetUp } from '../../if-set-up';
import { invoke } from '../app/invoke';
import { startSignedInDesk, type SignedInDesk } from './signed-in-desk';

let kam: Kamailio;
let desk: SignedInDesk;
/** A caller's phone, calling from a number (the pop looks it up). */
let caller: Baresip;
const CALLER = '15550199001';

const alice = () => ({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: RIG_USERS.alice, server: kam.wsUrl, displayName: 'Sam at North' });
const aliceBound = async () => (await kam.bindings('alice')).length > 0;

beforeAll(async () => {
  kam = await Kamailio.create({ extraUsers: { [CALLER]: 'caller-secret' } });
  desk = await startSignedInDesk();
  caller = await Baresip.create(kam, CALLER, { password: 'caller-secret' });
}, 90_000);

afterAll(async () => {
  await ifSetUp(caller, (c) => c.dispose());
  await ifSetUp(desk, (d) => d.close());
  await ifSetUp(kam, (k) => k.dispose());
});

describe("the desk's phone is the signed-in user's", () => {
  it('is not registered before sign-in, and refuses a start-up SIP account', async () => {
    expect(await desk.refusal('phone.getState')).toBe('signInRequired');
    expect(await aliceBound()).toBe(false);
    await expect(createServices({ ...desk.options(), sipAccount: SipAccountSchema.parse(alice()) })).rejects.toThrow(
      /a SIP account belongs to the signed-in user/,
    );
  });

  it("registers the user's own account, sealed under a key that names nobody, and ends it at sign-out", async () => {
    await desk.signInAs('agent.one');
    expect((await invoke(desk.dispatch, 'phone.getState', {})).status).toEqual({ registration: 'offline', reason: 'notConfigured' });
    await invoke(desk.dispatch, 'phone.configure', alice());
    await waitFor(aliceBound, 'alice registered');

    const files = fs.readdirSync(path.join(desk.dir, 'phone-accounts'));
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.json$/)]);
    const file = fs.readFileSync(path.join(desk.dir, 'phone-accounts', files[0] ?? ''), 'utf8');
    expect(file).not.toContain(RIG_USERS.alice);
    expect(file).not.toContain('agent.one');
    expect(fs.statSync(path.join(desk.dir, 'phone-accounts', files[0] ?? '')).mode & 0o077).toBe(0);
    expect(fs.existsSync(path.join(desk.dir, 'phone-account.json'))).toBe(false);

    await desk.signOut();
    await waitFor(async () => !(await aliceBound()), 'alice unregistered');
  });

  it("gives another user none of it; the first user's account comes back with them", async () => {
    await desk.signInAs('lead.one');
    expect((await invoke(desk.dispatch, 'phone.getState', {})).account).toBeNull();
    expect(await aliceBound()).toBe(false);
    await desk.signOut();

    await desk.signInAs('agent.one');
    await waitFor(aliceBound, 'alice registered again');
    expect((await invoke(desk.dispatch, 'phone.getState', {})).account).toMatchObject({ uri: 'sip:alice@127.0.0.1', displayName: 'Sam at North' });
  });

  it('rings as "locked" while the desk is locked, and pops the call for the user once they are back', async () => {
    const sentBefore = desk.pageEvents.length;
    const auditBefore = desk.services.audit.count();
    await invoke(desk.dispatch, 'identity.lock', {});
    expect(await aliceBound()).toBe(true); // the registration is kept

    await caller.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
    await waitFor(() => desk.changes.at(-1)?.ringingWhileLocked === true, 'the sign-in screen told a call rings');
    const sent = desk.pageEvents.slice(sentBefore);
    expect(new Set(sent)).toEqual(new Set(['identity.changed']));
    expect(JSON.stringify(desk.changes.at(-1))).not.toMatch(new RegExp(`${CALLER.slice(1)}|alice`));
    expect(desk.services.audit.count()).toBe(auditBefore);

    await desk.signInAs('agent.one');
    expect(await aliceBound()).toBe(true);
    expect(desk.changes.at(-1)).toMatchObject({ ringingWhileLocked: false, session: { name: 'Sam Okafor' } });
    const popsBefore = desk.pageEvents.filter((e) => e === 'call.screenPop').length;
    expect(await invoke(desk.dispatch, 'screenPop.resume', {})).toBe(1);
    expect(desk.pageEvents.filter((e) => e === 'call.screenPop')).toHaveLength(popsBefore + 1);
    const [pop] = desk.services.audit.recent(1);
    expect(pop?.agent[0]?.who.identifier.value).toBe(`${desk.rig.issuer}#agent.one at workstation-user/${os.userInfo().username}`);
    expect(await invoke(desk.dispatch, 'screenPop.resume', {})).toBe(0);

    await caller.command('hangup');
  });

  it('a call given up while the desk is locked is no longer held: nothing pops after sign-in', async () => {
    await invoke(desk.dispatch, 'identity.lock', {});
    await caller.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
    await waitFor(() => desk.changes.at(-1)?.ringingWhileLocked === true, 'ringing while locked');
    await caller.command('hangup');
    await waitFor(() => desk.changes.at(-1)?.ringingWhileLocked === false, 'no longer ringing');
    await desk.signInAs('agent.one');
    expect(await invoke(desk.dispatch, 'screenPop.resume', {})).toBe(0);
  });
});
