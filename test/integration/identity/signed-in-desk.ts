/**
 * A live desk whose site signs its users in, through the real dispatcher, against a real OpenID provider
 * (oidc-provider over TLS on loopback) whose login page a real Chromium fills in as "the person at the system
 * browser". The demo store is made first (its key seals the site's settings); then the administrator sets the
 * provider and the claims mapping; then the desk starts. Its page's events are recorded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium-options';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services, type ServicesOptions } from '../../../electron/main/services';
import { keyFileProvider } from '../../../electron/cache';
import { IdentityStore } from '../../../electron/identity/identity-store';
import { SecretBox } from '../../../electron/main/services/secret-box';
import type { SignInBrowser } from '../../../electron/main/desk-identity';
import type { IdentityStatus } from '../../../shared/identity/identity-status';
import { DESK_CLIENT_ID, startInteractiveOidcRig, type InteractiveOidcRig, type InteractiveOidcRigOptions, type RigAccount } from './interactive-oidc-rig';
import { fetchTrusting } from './trusting-fetch';
import { invoke } from '../app/invoke';
import { ifSetUp } from '../../if-set-up';

export interface SignedInDesk {
  rig: InteractiveOidcRig;
  dir: string;
  services: Services;
  dispatch: Dispatch;
  /** The options the desk was started with (to start another over the same data, e.g. with start-up flags). */
  options(): ServicesOptions;
  /** The names of the events the page was sent, in order. */
  pageEvents: string[];
  /** Every identity status the page was sent. */
  changes: IdentityStatus[];
  /** Signs in at the desk; the person at the browser logs in as `login` on the provider's page. */
  signInAs(login: string): Promise<IdentityStatus>;
  signOut(): Promise<IdentityStatus>;
  /** The channel's error code, or 'answered'. */
  refusal(channel: string, args?: unknown): Promise<string>;
  close(): Promise<void>;
}

/** The site's users: agent.one (agent, front desk), lead.one (team lead, supervisor), new.starter (no roles claim). */
const ACCOUNTS: Record<string, RigAccount> = {
  'agent.one': { name: 'Sam Okafor', groups: ['cc-agents', 'front-desk'], team: 'north' },
  'lead.one': { name: 'Lee Ahmed', groups: ['cc-leads'], team: 'north' },
  'new.starter': { name: 'Nat Diaz' },
};

/** What a test adds to the site before its desk starts. */
export interface SignedInSite {
  /** The provider's options (e.g. the FHIR server it issues tokens for). */
  rig?: InteractiveOidcRigOptions;
  /** The scope the desk asks at sign-in (default: the settings' default). */
  scope?: string;
  /** Called with the data directory, the store key and the provider once the identity is set, before the desk starts. */
  beforeStart?(dir: string, storeKey: Buffer, rig: InteractiveOidcRig): Promise<void>;
}

export async function startSignedInDesk(extra: Partial<ServicesOptions> = {}, site: SignedInSite = {}): Promise<SignedInDesk> {
  const rig = await startInteractiveOidcRig(site.rig);
  for (const [login, account] of Object.entries(ACCOUNTS)) rig.accounts.set(login, account);
  let browser: Browser | undefined;
  let services: Services | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-signed-in-desk-'));
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${rig.certificateSpkiSha256}`],
    });
    const person = browser;
    let login = '';
    const legs: Promise<unknown>[] = [];
    const signInBrowser: SignInBrowser = {
      openExternal: (url) => {
        legs.push(
          (async () => {
            const context = await person.newContext();
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
    };
    const options = (): ServicesOptions => ({ dataDir: dir, transport: 'bridge', demoPatients: 40, signInBrowser, ...extra });
    await (await createServices(options())).close();
    const storeKey = keyFileProvider(path.join(dir, 'demo.key')).readKey();
    if (!storeKey) throw new Error('the demo store key is missing');
    new IdentityStore(dir, new SecretBox(storeKey)).save({
      issuer: rig.issuer,
      clientId: DESK_CLIENT_ID,
      ...(site.scope ? { scope: site.scope } : {}),
      deskRoles: { agent: ['cc-agents'], teamLead: ['cc-leads'], trainee: ['cc-trainees'] },
      verificationRoles: { frontDesk: ['front-desk'], supervisor: ['cc-leads'] },
    });
    await site.beforeStart?.(dir, storeKey, rig);
    const desk = await createServices(options());
    services = desk;
    const pageEvents: string[] = [];
    const changes: IdentityStatus[] = [];
    desk.bus.subscribe((event, payload) => {
      pageEvents.push(event);
      if (event === 'identity.changed') changes.push(payload as IdentityStatus);
    });
    const dispatch = createDispatch(buildHandlers(desk));
    const opened = browser;
    return {
      rig,
      dir,
      services: desk,
      dispatch,
      options,
      pageEvents,
      changes,
      signInAs: async (who) => {
        login = who;
        const status = await invoke(dispatch, 'identity.signIn', {});
        await Promise.all(legs.splice(0));
        return status;
      },
      signOut: async () => {
        const status = await invoke(dispatch, 'identity.signOut', {});
        await Promise.all(legs.splice(0));
        return status;
      },
      refusal: async (channel, args = {}) => {
        const r = await dispatch(channel, args);
        return r.ok ? 'answered' : r.error.code;
      },
      close: async () => {
        await Promise.allSettled(legs);
        await desk.close();
        await opened.close();
        await rig.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await ifSetUp(services, (s) => s.close());
    await ifSetUp(browser, (b) => b.close());
    await rig.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
