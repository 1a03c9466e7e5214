// The desk behind its sign-in, end to end: the app in browser mode with the site's identity provider set (a real
// oidc-provider over TLS; the app's Node trusts its certificate through NODE_EXTRA_CA_CERTS), in Chromium. The
// sign-in screen instead of the workspace (axe-clean, Arabic right-to-left, keyboard); the provider's login page
// opens beside the desk; the workspace names the signed-in user; Sign out leaves no patient data in the page; a
// trainee is told the live desk is not theirs. The phone is the user's own (their SIP account, saved after sign-in,
// on the real SIP rig): a call that rings at the locked desk is told there without the caller, and pops once the
// user is back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expectAxeCleanInEnglishAndArabic } from './axe-both';
import { keyFileProvider } from '../../electron/cache';
import { IdentityStore } from '../../electron/identity/identity-store';
import { SecretBox } from '../../electron/main/services/secret-box';
import { DESK_CLIENT_ID, startInteractiveOidcRig, type InteractiveOidcRig } from '../integration/identity/interactive-oidc-rig';
import { startApp, type AppProcess } from './app-process';
import { expectHeaderOnOneRow } from './header-row';
import { ifSetUp } from '../if-set-up';
import { Baresip, Kamailio, RIG_USERS } from '../rig/rig';

const IDLE_LOCK_SECONDS = 15;

let rig: InteractiveOidcRig;
let app: AppProcess;
let dataDir: string;
let kam: Kamailio;
/** A caller's phone, calling from a number. */
let caller: Baresip;
const CALLER = '15550142007';

// The test browser reaches the provider's pages over TLS with a certificate made for this run.
test.use({ ignoreHTTPSErrors: true });

test.beforeAll(async () => {
  kam = await Kamailio.create({ extraUsers: { [CALLER]: 'caller-secret' } });
  caller = await Baresip.create(kam, CALLER, { password: 'caller-secret' });
  rig = await startInteractiveOidcRig();
  rig.accounts.set('agent.one', { name: 'Sam Okafor', groups: ['cc-agents', 'front-desk'], team: 'north' });
  rig.accounts.set('new.starter', { name: 'Nat Diaz' });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-sign-in-e2e-'));
  // The demo store first (its key seals the site's settings), then the administrator sets the provider.
  await (await startApp([], 30, dataDir)).stop();
  const storeKey = keyFileProvider(path.join(dataDir, 'demo.key')).readKey();
  if (!storeKey) throw new Error('the demo store key is missing');
  new IdentityStore(dataDir, new SecretBox(storeKey)).save({
    issuer: rig.issuer,
    clientId: DESK_CLIENT_ID,
    deskRoles: { agent: ['cc-agents'], teamLead: ['cc-leads'] },
    verificationRoles: { frontDesk: ['front-desk'] },
    // Short here, so the idle lock is seen within the test (the site's default is 10 minutes).
    autoLockSeconds: IDLE_LOCK_SECONDS,
  });
  const certificate = path.join(dataDir, 'provider-ca.pem');
  fs.writeFileSync(certificate, rig.certificate);
  app = await startApp([], 30, dataDir, { NODE_EXTRA_CA_CERTS: certificate });
});

test.afterAll(async () => {
  await ifSetUp(app, (a) => a.stop());
  await ifSetUp(caller, (c) => c.dispose());
  await ifSetUp(kam, (k) => k.dispose());
  await ifSetUp(rig, (r) => r.close());
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.beforeEach(({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

/** The person at the provider's page that the desk opened beside it: signs in as `login` and grants consent. */
async function signInAtProvider(providerPage: Promise<Page>, login: string): Promise<void> {
  const p = await providerPage;
  await p.locator('input[name="login"]').fill(login);
  await p.locator('input[name="password"]').fill('any password');
  await p.locator('button[type="submit"]').click();
  await p.getByRole('button', { name: 'Continue' }).click();
  await p.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  await p.close();
}

/** The screen in Arabic, right to left, axe-clean; then back to English. */
async function inArabicAxeClean(page: Page): Promise<void> {
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByLabel('اللغة').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
}

test('the sign-in screen stands instead of the workspace: axe-clean, in Arabic right-to-left', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Sign in to start work' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Sign in with ${new URL(rig.issuer).host}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Patient', exact: true })).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  // `CAREFRONT_SCREENSHOTS=1` refreshes the README's pictures of the sign-in and lock screens.
  if (process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-sign-in.png' });

  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'سجّل الدخول لبدء العمل' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByLabel('اللغة').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
});

test('signing in by keyboard opens the provider beside the desk; Sign out leaves nothing of the user', async ({ page, context }) => {
  await page.goto(app.url);
  const signIn = page.getByRole('button', { name: /^Sign in with / });
  await signIn.focus();
  const providerPage = context.waitForEvent('page');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText(/Finish signing in in your web browser/);
  await signInAtProvider(providerPage, 'agent.one');

  await expect(page.getByRole('heading', { name: 'Patient', exact: true })).toBeVisible();
  const user = page.getByRole('region', { name: 'Who is at the desk' });
  await expect(user).toContainText('Signed in as Sam Okafor');
  await expect(user).toContainText('Agent, front desk access');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  // The signed-in user fits in the header: its controls stay on one row at 1280 px, in each of the six languages.
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const language of ['es', 'fr', 'de', 'zh', 'ar', 'en']) {
    await page.locator('.language select').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expectHeaderOnOneRow(page);
  }
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByText('MRN', { exact: true }).click();
  await page.getByLabel('Medical record number').fill('NO-SUCH-MRN');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('result-count')).toHaveText(/No patient matches/);

  const logout = context.waitForEvent('page');
  await user.getByRole('button', { name: 'Sign out' }).click();
  await (await logout).close();
  await expect(page.getByRole('heading', { name: 'Sign in to start work' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Patient', exact: true })).toHaveCount(0);
  expect(await page.content()).not.toContain('NO-SUCH-MRN');
  expect(await page.content()).not.toContain('Sam Okafor');
});

/** Re-authentication at the provider's page: its login page only when its own session is gone, its consent if asked. */
async function reauthenticateAtProvider(providerPage: Promise<Page>, login: string): Promise<void> {
  const p = await providerPage;
  const step = (): Promise<'done' | 'login' | 'consent' | 'gone'> =>
    Promise.race([
      p.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/).then(() => 'done' as const),
      p
        .locator('input[name="login"]')
        .waitFor()
        .then(() => 'login' as const),
      p
        .getByRole('button', { name: 'Continue' })
        .waitFor()
        .then(() => 'consent' as const),
    ]).catch(() => 'gone' as const);
  let now = await step();
  if (now === 'login') {
    await p.locator('input[name="login"]').fill(login);
    await p.locator('input[name="password"]').fill('any password');
    await p.locator('button[type="submit"]').click();
    now = await step();
  }
  if (now === 'consent') {
    await p.getByRole('button', { name: 'Continue' }).click();
    now = await step();
  }
  expect(now).toBe('done');
  await p.close();
}

test('left idle, the desk locks itself: nothing of the user’s work stays in the page, and signing in again unlocks it', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto(app.url);
  const providerPage = context.waitForEvent('page');
  await page.getByRole('button', { name: /^Sign in with / }).click();
  await signInAtProvider(providerPage, 'agent.one');
  await expect(page.getByRole('heading', { name: 'Patient', exact: true })).toBeVisible();
  await page.getByText('MRN', { exact: true }).click();
  await page.getByLabel('Medical record number').fill('IDLE-MRN-42');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('result-count')).toHaveText(/No patient matches/);

  // Nobody touches the desk: after the site's idle time it locks, and the page starts again with nothing in it.
  await expect(page.getByRole('heading', { name: 'The desk locked itself' })).toBeVisible({ timeout: (IDLE_LOCK_SECONDS + 20) * 1000 });
  await expect(page.getByTestId('sign-in-intro')).toContainText('Sam Okafor');
  await expect(page.getByRole('heading', { name: 'Patient', exact: true })).toHaveCount(0);
  expect(await page.content()).not.toContain('IDLE-MRN-42');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await inArabicAxeClean(page);

  // Unlocking is signing in again at the provider.
  const again = context.waitForEvent('page');
  await page.getByRole('button', { name: /^Unlock: sign in with / }).click();
  await reauthenticateAtProvider(again, 'agent.one');
  await expect(page.getByRole('region', { name: 'Who is at the desk' })).toContainText('Signed in as Sam Okafor');
  const logout = context.waitForEvent('page');
  await page.getByRole('region', { name: 'Who is at the desk' }).getByRole('button', { name: 'Sign out' }).click();
  await (await logout).close();
  await expect(page.getByRole('heading', { name: 'Sign in to start work' })).toBeVisible();
});

test('a trainee (no roles from the provider) is told the live desk is not theirs, and can sign out', async ({ page, context }) => {
  await page.goto(app.url);
  const providerPage = context.waitForEvent('page');
  await page.getByRole('button', { name: /^Sign in with / }).click();
  await signInAtProvider(providerPage, 'new.starter');
  await expect(page.getByRole('alert')).toHaveText(/trainees work in practice mode only/);
  await expect(page.getByRole('heading', { name: 'Patient', exact: true })).toHaveCount(0);
  const user = page.getByRole('region', { name: 'Who is at the desk' });
  await expect(user).toContainText('Signed in as Nat Diaz');
  await expect(user).toContainText('Your account carries no Carefront roles');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await inArabicAxeClean(page);
  const logout = context.waitForEvent('page');
  await user.getByRole('button', { name: 'Sign out' }).click();
  await (await logout).close();
  await expect(page.getByRole('heading', { name: 'Sign in to start work' })).toBeVisible();
});

test('the phone is the user’s own: a call ringing at the locked desk is told without the caller, and pops once the user is back', async ({ page, context }) => {
  test.setTimeout(150_000);
  await page.goto(app.url);
  const providerPage = context.waitForEvent('page');
  await page.getByRole('button', { name: /^Sign in with / }).click();
  await signInAtProvider(providerPage, 'agent.one');
  await expect(page.getByTestId('phone-state')).toHaveText('Phone offline');
  await page.getByRole('button', { name: 'Phone settings' }).click();
  const form = page.getByRole('form', { name: 'Phone account (SIP)' });
  await form.getByLabel('SIP address').fill('sip:alice@127.0.0.1');
  await form.getByLabel('User name').fill('alice');
  await form.getByLabel('Password').fill(RIG_USERS.alice);
  await form.getByLabel('Server (wss://)').fill(kam.wsUrl);
  await form.getByRole('button', { name: 'Save and connect' }).click();
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });

  // Left idle, the desk locks; the phone stays registered, and a call rings at the locked desk.
  await expect(page.getByRole('heading', { name: 'The desk locked itself' })).toBeVisible({ timeout: (IDLE_LOCK_SECONDS + 20) * 1000 });
  expect((await kam.bindings('alice')).length).toBe(1);
  await caller.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
  await expect(page.getByText('A call is ringing. Sign in to answer it.')).toBeVisible({ timeout: 10_000 });
  expect(await page.content()).not.toContain(CALLER.slice(1));
  if (process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-locked-ringing.png' });
  await expectAxeCleanInEnglishAndArabic(page);
  await expect(page.getByText('A call is ringing. Sign in to answer it.')).toBeVisible();

  // Back at the desk: the call still rings, and its screen pop is the user's now.
  const again = context.waitForEvent('page');
  await page.getByRole('button', { name: /^Unlock: sign in with / }).click();
  await reauthenticateAtProvider(again, 'agent.one');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await expect(page.getByTestId('screen-pop')).toBeVisible();
  await caller.command('hangup');
  await expect(page.getByTestId('call')).toHaveCount(0);
  const logout = context.waitForEvent('page');
  await page.getByRole('region', { name: 'Who is at the desk' }).getByRole('button', { name: 'Sign out' }).click();
  await (await logout).close();
  await expect(page.getByRole('heading', { name: 'Sign in to start work' })).toBeVisible();
  await expect.poll(async () => (await kam.bindings('alice')).length).toBe(0);
});
