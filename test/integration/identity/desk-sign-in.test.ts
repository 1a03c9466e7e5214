/**
 * The desk's sign-in against a real OpenID provider, its real login and consent pages driven by a real
 * Chromium (the system browser's part), the redirect caught by the desk's loopback listener.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium-options';
import { CodedError } from '../../../shared/errors';
import { DeskSignIn, type DeskSignInOptions } from '../../../electron/identity/desk-sign-in';
import type { DeskSession } from '../../../electron/identity/desk-session';
import { parseIdentitySettings, type IdentitySettings } from '../../../electron/identity/identity-settings';
import { DESK_CLIENT_ID, startInteractiveOidcRig, type InteractiveOidcRig } from './interactive-oidc-rig';
import { fetchTrusting } from './trusting-fetch';
import { freePort } from '../../loopback-port';

let rig: InteractiveOidcRig;
let browser: Browser;
let context: BrowserContext;
let settings: IdentitySettings;
const services: DeskSignIn[] = [];
/** The browser legs started in a test: each is finished before its browser context closes. */
const browserLegs: Promise<string>[] = [];

beforeAll(async () => {
  rig = await startInteractiveOidcRig();
  // The browser trusts the provider's certificate for this run, and no other unknown one.
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${rig.certificateSpkiSha256}`],
  });
  rig.accounts.set('lead.one', { name: 'Lee Ahmed', groups: ['cc-leads', 'nurses'], team: 'north' });
  rig.accounts.set('agent.two', { name: 'Ana Ruiz', groups: ['cc-agents', 'front-desk'], team: 'south' });
  rig.accounts.set('new.starter', { name: 'Nat Diaz' });
  rig.accounts.set('visitor', { name: 'Vic Oduya', groups: ['library-users'] });
  settings = parseIdentitySettings({
    issuer: rig.issuer,
    clientId: DESK_CLIENT_ID,
    deskRoles: { agent: ['cc-agents'], teamLead: ['cc-leads'], trainee: ['cc-trainees'] },
    verificationRoles: { frontDesk: ['front-desk'], billing: ['billing-office'], nurse: ['nurses'], supervisor: ['cc-leads'] },
  });
});

afterAll(async () => {
  await browser.close();
  await rig.close();
});

beforeEach(async () => {
  context = await browser.newContext();
});

afterEach(async () => {
  for (const s of services.splice(0)) s.dispose();
  await Promise.allSettled(browserLegs.splice(0));
  await context.close();
});

/** A person in the browser: signs in on the provider's login page as `login`, then grants consent. */
async function signInAtProvider(page: Page, url: string, login: string): Promise<string> {
  await page.goto(url);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  return (await page.locator('body').innerText()).trim();
}

interface Desk {
  service: DeskSignIn;
  /** The authorization URLs the desk opened, and what the browser showed at the end of each. */
  opened: string[];
  landed: Promise<string>[];
  changes: (DeskSession | null)[];
}

function desk(login: string | null, extra: Partial<DeskSignInOptions> = {}, page?: Page): Desk {
  const d: Desk = { service: null as unknown as DeskSignIn, opened: [], landed: [], changes: [] };
  d.service = new DeskSignIn(settings, {
    openExternal: (url) => {
      d.opened.push(url);
      if (login !== null && url.includes('/auth?')) {
        const leg = (page ? Promise.resolve(page) : context.newPage()).then((p) => signInAtProvider(p, url, login));
        browserLegs.push(leg);
        d.landed.push(leg);
      }
      return Promise.resolve();
    },
    fetch: fetchTrusting(rig.certificate),
    onSessionChange: (s) => d.changes.push(s),
    ...extra,
  });
  services.push(d.service);
  return d;
}

const redirectUriOf = (authorizationUrl: string): string => new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '';

async function codeOfRejection(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodedError);
  return (err as CodedError).code;
}

describe('sign-in through the identity provider', () => {
  it('ends with a session whose roles and team come from the signed claims; the redirect listener served one use and closed', async () => {
    const d = desk('lead.one');
    const jwksBefore = rig.jwksRequests;
    const session = await d.service.signIn();
    expect(rig.jwksRequests).toBe(jwksBefore + 1); // the ID token's signature was checked against the provider's keys
    expect(session).toMatchObject({
      subject: 'lead.one',
      issuer: rig.issuer,
      name: 'Lee Ahmed',
      deskRole: 'teamLead',
      verificationRole: 'supervisor',
      team: 'north',
      notices: [],
    });
    expect(session.expiresAt).toBeGreaterThan(Date.now());
    expect(d.service.current()).toEqual(session);
    expect(d.changes).toEqual([session]);
    expect(await d.landed[0]).toContain('Carefront received the answer');

    const auth = new URL(d.opened[0] ?? '');
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('state')).toMatch(/.{20,}/);
    expect(auth.searchParams.get('nonce')).toMatch(/.{20,}/);
    const redirectUri = redirectUriOf(auth.href);
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    await expect(fetch(`${redirectUri}?code=again&state=${auth.searchParams.get('state') ?? ''}`)).rejects.toThrow(TypeError);
  });

  it('gives a user whose groups claim is missing the least privilege, with a notice', async () => {
    const session = await desk('new.starter').service.signIn();
    expect(session).toMatchObject({ subject: 'new.starter', deskRole: 'trainee', verificationRole: 'frontDesk', team: null });
    expect(session.notices.map((n) => n.code)).toEqual(['rolesClaimMissing']);
    expect(session.notices[0]?.message).toContain('least privilege');
  });

  it('gives a user whose groups grant nothing the desk knows the least privilege, with a notice for each', async () => {
    const session = await desk('visitor').service.signIn();
    expect(session).toMatchObject({ deskRole: 'trainee', verificationRole: 'frontDesk' });
    expect(session.notices.map((n) => n.code)).toEqual(['noKnownDeskRole', 'noKnownVerificationRole']);
  });

  it('says the provider cannot be reached when nothing answers at the issuer, and opens no browser', async () => {
    const opened: string[] = [];
    const nowhere = new DeskSignIn(
      { ...settings, issuer: `https://127.0.0.1:${await freePort()}` },
      {
        openExternal: (url) => {
          opened.push(url);
          return Promise.resolve();
        },
        fetch: fetchTrusting(rig.certificate),
      },
    );
    expect(await codeOfRejection(nowhere.signIn())).toBe('signInUnreachable');
    expect(opened).toEqual([]);
  });

  it('refuses a redirect with another state, and its listener closes', async () => {
    const d = desk(null);
    const refused = codeOfRejection(d.service.signIn());
    await expect.poll(() => d.opened.length).toBe(1);
    const redirectUri = redirectUriOf(d.opened[0] ?? '');
    const forged = await fetch(`${redirectUri}?code=stolen-code&state=not-the-one-sent`);
    expect(forged.status).toBe(400);
    expect(await refused).toBe('signInRefused');
    expect(d.service.current()).toBeNull();
    await expect(fetch(`${redirectUri}?code=stolen-code&state=x`)).rejects.toThrow(TypeError);
  });

  it('ignores other paths on the listener, and cancels a waiting sign-in when another starts', async () => {
    const d = desk(null);
    const first = codeOfRejection(d.service.signIn());
    await expect.poll(() => d.opened.length).toBe(1);
    const redirectUri = redirectUriOf(d.opened[0] ?? '');
    expect((await fetch(new URL('/favicon.ico', redirectUri))).status).toBe(404);
    const second = codeOfRejection(d.service.signIn());
    expect(await first).toBe('signInCancelled');
    await expect(fetch(`${redirectUri}?code=late&state=x`)).rejects.toThrow(TypeError);
    d.service.dispose();
    expect(await second).toBe('signInCancelled');
  });

  it('refreshes with the refresh token: new roles from the new ID token, the same user', async () => {
    rig.accounts.set('agent.three', { name: 'Ari Cohen', groups: ['cc-agents', 'front-desk'], team: 'south' });
    const d = desk('agent.three');
    const first = await d.service.signIn();
    expect(first).toMatchObject({ deskRole: 'agent', verificationRole: 'frontDesk' });
    rig.accounts.set('agent.three', { name: 'Ari Cohen', groups: ['cc-leads'], team: 'east' });
    const before = rig.refreshRequests;
    const refreshed = await d.service.refresh();
    expect(rig.refreshRequests).toBe(before + 1);
    expect(refreshed).toMatchObject({ subject: 'agent.three', deskRole: 'teamLead', verificationRole: 'supervisor', team: 'east' });
    expect(refreshed.expiresAt).toBeGreaterThanOrEqual(first.expiresAt);
  });

  it('refreshes on its own before the access token expires', async () => {
    rig.accessTokenTtlSeconds = 3;
    try {
      const d = desk('agent.two');
      const refreshedOnItsOwn = new Promise<DeskSession | null>((resolve) => {
        d.changes.push = (...items) => {
          const n = Array.prototype.push.apply(d.changes, items);
          if (n === 2) resolve(items[0] ?? null);
          return n;
        };
      });
      const before = rig.refreshRequests;
      const first = await d.service.signIn();
      const second = await refreshedOnItsOwn;
      expect(rig.refreshRequests).toBe(before + 1);
      expect(second).toMatchObject({ subject: 'agent.two', deskRole: 'agent' });
      expect(second?.expiresAt).toBeGreaterThan(first.expiresAt);
    } finally {
      rig.accessTokenTtlSeconds = 300;
    }
  });

  it('tries the refresh again while the provider is down and the token still good, and keeps the session', async () => {
    rig.accessTokenTtlSeconds = 6;
    try {
      const d = desk('agent.two', { refreshRetryMs: 200 });
      const first = await d.service.signIn();
      rig.outage = true;
      await expect.poll(() => rig.requestsDuringOutage, { timeout: 10_000 }).toBeGreaterThan(0);
      rig.outage = false;
      await expect.poll(() => d.changes.length, { timeout: 10_000 }).toBe(2);
      expect(d.changes[1]).toMatchObject({ subject: 'agent.two', deskRole: 'agent' });
      expect(d.changes[1]?.expiresAt).toBeGreaterThan(first.expiresAt);
    } finally {
      rig.outage = false;
      rig.accessTokenTtlSeconds = 300;
    }
  });

  it('ends the session when the provider refuses the refresh (the account was removed there)', async () => {
    rig.accounts.set('temp.worker', { name: 'Tam Okafor', groups: ['cc-agents', 'front-desk'] });
    const d = desk('temp.worker');
    await d.service.signIn();
    rig.accounts.delete('temp.worker');
    expect(await codeOfRejection(d.service.refresh())).toBe('signInRefused');
    expect(d.service.current()).toBeNull();
    expect(d.changes.at(-1)).toBeNull();
  });

  it('ends the session when the refresh it makes on its own before expiry is refused', async () => {
    rig.accessTokenTtlSeconds = 3;
    try {
      rig.accounts.set('temp.worker2', { name: 'Tam Okafor', groups: ['cc-agents', 'front-desk'] });
      const again = desk('temp.worker2');
      await again.service.signIn();
      rig.accounts.delete('temp.worker2');
      await expect.poll(() => again.changes.length, { timeout: 10_000 }).toBe(2);
      expect(again.changes[1]).toBeNull();
      expect(again.service.current()).toBeNull();
    } finally {
      rig.accessTokenTtlSeconds = 300;
    }
  });

  it('notices within its session check, not at the token’s expiry, that the provider no longer vouches for the user', async () => {
    // The access token lives 300 s here; the desk asks the provider again every 500 ms.
    rig.accounts.set('temp.worker3', { name: 'Tam Okafor', groups: ['cc-agents', 'front-desk'] });
    const d = desk('temp.worker3', { sessionCheckMs: 500 });
    const session = await d.service.signIn();
    expect(session.expiresAt - Date.now()).toBeGreaterThan(60_000);
    rig.accounts.delete('temp.worker3');
    await expect.poll(() => d.service.current(), { timeout: 10_000 }).toBeNull();
    expect(d.changes.at(-1)).toBeNull();
  });

  it('signs out: the tokens are dropped and revoked, and the provider session ends, so the next sign-in asks for a login again', async () => {
    const page = await context.newPage();
    const d = desk('agent.two', {}, page);
    await d.service.signIn();
    await d.landed[0];

    // While the provider's session lasts, its login page is skipped (only consent is asked).
    const meanwhile = desk(null);
    const skipped = codeOfRejection(meanwhile.service.signIn());
    await expect.poll(() => meanwhile.opened.length).toBe(1);
    await page.goto(meanwhile.opened[0] ?? '');
    await expect.poll(() => page.getByRole('button', { name: 'Continue' }).count()).toBe(1);
    expect(await page.locator('input[name="login"]').count()).toBe(0);
    meanwhile.service.dispose();
    expect(await skipped).toBe('signInCancelled');

    const revoked = rig.revokedRefreshTokens;
    const { endSessionUrl } = await d.service.signOut();
    expect(d.service.current()).toBeNull();
    expect(d.changes.at(-1)).toBeNull();
    expect(rig.revokedRefreshTokens).toBe(revoked + 1);
    expect(endSessionUrl).toMatch(new RegExp(`^${rig.issuer}/session/end\\?`));
    expect(d.opened.at(-1)).toBe(endSessionUrl);
    expect(new URL(endSessionUrl ?? '').searchParams.get('id_token_hint')).toBeTruthy();
    expect(await codeOfRejection(d.service.refresh())).toBe('signInRefused');

    await page.goto(endSessionUrl ?? '');
    await page.getByRole('button', { name: /yes/i }).click();
    await page.waitForLoadState();
    const again = desk(null);
    const signingIn = codeOfRejection(again.service.signIn());
    await expect.poll(() => again.opened.length).toBe(1);
    await page.goto(again.opened[0] ?? '');
    await expect.poll(() => page.locator('input[name="login"]').count()).toBe(1);
    again.service.dispose();
    expect(await signingIn).toBe('signInCancelled');
  });
});
