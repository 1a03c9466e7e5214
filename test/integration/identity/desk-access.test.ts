/**
 * The desk behind its sign-in, through the real dispatcher and the real provider: before sign-in a patient search
 * is refused (signInRequired); an agent's session searches and the audit row names the user; the team's board
 * answers a team lead's session only; a trainee is refused the live desk; the start-up roles are refused; after
 * sign-out the desk is closed again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium-options';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services, type ServicesOptions } from '../../../electron/main/services';
import { keyFileProvider } from '../../../electron/cache';
import { IdentityStore } from '../../../electron/identity/identity-store';
import { SecretBox } from '../../../electron/main/services/secret-box';
import type { SignInBrowser } from '../../../electron/main/desk-identity';
import type { IdentityStatus } from '../../../shared/identity/identity-status';
import { DESK_CLIENT_ID, startInteractiveOidcRig, type InteractiveOidcRig } from './interactive-oidc-rig';
import { fetchTrusting } from './trusting-fetch';
import { invoke } from '../app/invoke';
import { ifSetUp } from '../../if-set-up';
import { answeredCall, ringIn } from '../app/caller-call';
import { ageOn } from '../../../shared/domain/age';

let rig: InteractiveOidcRig;
let browser: Browser;
let dir: string;
let services: Services;
let dispatch: Dispatch;
/** Who the person at the browser signs in as, on the provider's login page, at the next sign-in. */
let login = '';
const legs: Promise<unknown>[] = [];
const changes: IdentityStatus[] = [];
/** The names of the events the page was sent. */
const pageEvents: string[] = [];

/** The person in the system browser: signs in as `login` (in a fresh browser session), or confirms the logout. */
const signInBrowser = (): SignInBrowser => ({
  openExternal: (url) => {
    legs.push(
      (async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(url);
        if (url.includes('/session/end')) return context.close();
        await page.locator('input[name="login"]').fill(login);
        await page.locator('input[name="password"]').fill('any password');
        await page.locator('button[type="submit"]').click();
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
        return context.close();
      })(),
    );
    return Promise.resolve();
  },
  fetch: fetchTrusting(rig.certificate),
});

const options = (): ServicesOptions => ({ dataDir: dir, transport: 'bridge', demoPatients: 40, signInBrowser: signInBrowser() });

async function refusal(channel: string, args: unknown = {}): Promise<string> {
  const r = await dispatch(channel, args);
  return r.ok ? 'answered' : r.error.code;
}

async function signInAs(who: string): Promise<IdentityStatus> {
  login = who;
  const status = await invoke(dispatch, 'identity.signIn', {});
  await Promise.all(legs.splice(0));
  return status;
}

beforeAll(async () => {
  rig = await startInteractiveOidcRig();
  rig.accounts.set('agent.one', { name: 'Sam Okafor', groups: ['cc-agents', 'front-desk'], team: 'north' });
  rig.accounts.set('lead.one', { name: 'Lee Ahmed', groups: ['cc-leads'], team: 'north' });
  rig.accounts.set('new.starter', { name: 'Nat Diaz' });
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${rig.certificateSpkiSha256}`],
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-desk-access-'));
  // The demo store is made first (its key seals the site's settings); then the administrator sets the provider.
  await (await createServices(options())).close();
  const storeKey = keyFileProvider(path.join(dir, 'demo.key')).readKey();
  if (!storeKey) throw new Error('the demo store key is missing');
  new IdentityStore(dir, new SecretBox(storeKey)).save({
    issuer: rig.issuer,
    clientId: DESK_CLIENT_ID,
    deskRoles: { agent: ['cc-agents'], teamLead: ['cc-leads'], trainee: ['cc-trainees'] },
    verificationRoles: { frontDesk: ['front-desk'], supervisor: ['cc-leads'] },
  });
  services = await createServices(options());
  services.bus.subscribe((event, payload) => {
    pageEvents.push(event);
    if (event === 'identity.changed') changes.push(payload as IdentityStatus);
  });
  dispatch = createDispatch(buildHandlers(services));
});

afterAll(async () => {
  await Promise.allSettled(legs);
  await ifSetUp(services, (s) => s.close());
  await ifSetUp(browser, (b) => b.close());
  await ifSetUp(rig, (r) => r.close());
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the desk behind its sign-in', () => {
  it('refuses start-up roles when the site signs its users in', async () => {
    await expect(createServices({ ...options(), appRole: 'teamLead' })).rejects.toThrow(/start-up roles \(--role, --desk-role\) are refused/);
    await expect(createServices({ ...options(), role: 'supervisor' })).rejects.toThrow(/start-up roles/);
  });

  it('answers only the open channels before sign-in', async () => {
    expect(await invoke(dispatch, 'identity.status', {})).toEqual({
      configured: true,
      provider: new URL(rig.issuer).host,
      session: null,
      locked: null,
      autoLockSeconds: 600,
    });
    expect(await refusal('patients.search', { mrn: 'MRN-1' })).toBe('signInRequired');
    expect(await refusal('board.get')).toBe('signInRequired');
    expect(await refusal('phone.getState')).toBe('signInRequired');
    expect((await invoke(dispatch, 'app.info', {})).role).toBe('agent');
    expect((await invoke(dispatch, 'settings.get', {})).language).toBeTruthy();
  });

  it('sends the page no call, screen pop or verification while nobody is signed in', () => {
    const sent = pageEvents.length;
    const call = ringIn(services, '+15550199001');
    call.hangup();
    services.verification.workDone();
    expect(pageEvents.slice(sent)).toEqual([]);
  });

  it("an agent's session searches (the audit row names the user) but is refused the team's board", async () => {
    const status = await signInAs('agent.one');
    expect(status.session).toMatchObject({ name: 'Sam Okafor', deskRole: 'agent', verificationRole: 'frontDesk', team: 'north', notices: [] });
    expect(JSON.stringify(status)).not.toMatch(/agent\.one|token/i);
    expect(changes.at(-1)).toEqual(status);
    expect((await invoke(dispatch, 'app.info', {})).role).toBe('agent');

    const before = services.audit.count();
    await invoke(dispatch, 'patients.search', { mrn: 'MRN-NOT-ON-FILE' });
    expect(services.audit.count()).toBe(before + 1);
    const [row] = services.audit.recent(1);
    expect(row?.agent[0]?.who.identifier.value).toBe(`${rig.issuer}#agent.one at workstation-user/${os.userInfo().username}`);

    expect(await refusal('board.get')).toBe('forbidden');
    expect(await refusal('kpi.report', { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() })).toBe('forbidden');
    expect(await refusal('monitor.list')).toBe('forbidden');
  });

  it('the idle lock closes the desk until the user signs in again, and says whose desk it was', async () => {
    const locked = await invoke(dispatch, 'identity.lock', {});
    expect(locked).toMatchObject({ session: null, locked: { name: 'Sam Okafor' }, autoLockSeconds: 600 });
    expect(changes.at(-1)).toMatchObject({ session: null, locked: { name: 'Sam Okafor' } });
    expect(await refusal('patients.search', { mrn: 'MRN-1' })).toBe('signInRequired');
    expect(await refusal('identity.status')).toBe('answered');
    const back = await signInAs('agent.one');
    expect(back).toMatchObject({ session: { name: 'Sam Okafor', deskRole: 'agent' }, locked: null });
    await invoke(dispatch, 'patients.search', { mrn: 'MRN-NOT-ON-FILE' });
    expect(services.audit.recent(1)[0]?.agent[0]?.who.identifier.value).toBe(`${rig.issuer}#agent.one at workstation-user/${os.userInfo().username}`);
  });

  it("what the agent's checks unlocked on a live call is gone when someone else signs in", async () => {
    // An adult on file with a phone (a minor's record has rules of its own).
    const ids = (
      services.store.connection().prepare('SELECT id FROM patient_index WHERE birth_date IS NOT NULL AND mrn IS NOT NULL').all() as { id: string }[]
    ).map((r) => r.id);
    const row = {
      id:
        ids.find((id) => {
          const p = services.patients.summary(id, { actor: 'test', reason: 'test fixture' }).patient;
          return p.phones[0] && (ageOn(p.birthDate, new Date()) ?? 0) >= 18;
        }) ?? '',
    };
    const onFile = services.patients.summary(row.id, { actor: 'test', reason: 'test fixture' }).patient;
    const sent = pageEvents.length;
    const call = answeredCall(services, onFile.phones[0]);
    expect(pageEvents.slice(sent)).toEqual(expect.arrayContaining(['call.updated', 'call.screenPop']));
    await invoke(dispatch, 'verification.check', { patientId: row.id, identifier: 'mrn', value: onFile.mrn ?? '' });
    const verified = await invoke(dispatch, 'verification.check', { patientId: row.id, identifier: 'birthDate', value: onFile.birthDate ?? '' });
    expect(verified.status).toBe('verified');
    expect((await invoke(dispatch, 'patients.view', { patientId: row.id })).summary.patient.mrn).toBe(onFile.mrn);

    await invoke(dispatch, 'identity.signOut', {});
    await Promise.all(legs.splice(0));
    await signInAs('lead.one');
    const view = await invoke(dispatch, 'patients.view', { patientId: row.id });
    expect(view.verification.status).toBe('unverified');
    expect(view.summary.patient.mrn).toBeNull();
    call.hangup();
  });

  it('after sign-out the desk is closed again; a team lead signing in gets the board', async () => {
    const out = await invoke(dispatch, 'identity.signOut', {});
    await Promise.all(legs.splice(0));
    expect(out.session).toBeNull();
    expect(changes.at(-1)?.session).toBeNull();
    expect(await refusal('patients.search', { mrn: 'MRN-1' })).toBe('signInRequired');

    const lead = await signInAs('lead.one');
    expect(lead.session).toMatchObject({ name: 'Lee Ahmed', deskRole: 'teamLead', verificationRole: 'supervisor' });
    expect((await invoke(dispatch, 'app.info', {})).role).toBe('teamLead');
    expect((await invoke(dispatch, 'board.get', {})).rows).toBeInstanceOf(Array);
    expect(await invoke(dispatch, 'monitor.list', {})).toEqual([]);
    expect((await invoke(dispatch, 'kpi.report', { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() })).source).toBeTruthy();

    await invoke(dispatch, 'identity.signOut', {});
    await Promise.all(legs.splice(0));
    expect(await refusal('board.get')).toBe('signInRequired');
  });

  it('a user the provider gives no roles signs in as a trainee, whom the live desk refuses', async () => {
    const trainee = await signInAs('new.starter');
    expect(trainee.session).toMatchObject({ deskRole: 'trainee', verificationRole: 'frontDesk', notices: ['rolesClaimMissing'] });
    expect(await refusal('patients.search', { mrn: 'MRN-1' })).toBe('forbidden');
    expect(await refusal('phone.getState')).toBe('forbidden');
    expect((await invoke(dispatch, 'identity.status', {})).session?.name).toBe('Nat Diaz');
    await invoke(dispatch, 'identity.signOut', {});
    await Promise.all(legs.splice(0));
  });
});
