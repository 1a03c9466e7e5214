/** The site's sign-in as the app opens it: nothing until the provider is set, then a sign-in that works. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium-options';
import { openSiteIdentity } from '../../../electron/identity/site-identity';
import type { DeskSignInOptions } from '../../../electron/identity/desk-sign-in';
import { DESK_CLIENT_ID, startInteractiveOidcRig, type InteractiveOidcRig } from './interactive-oidc-rig';
import { fetchTrusting } from './trusting-fetch';

let rig: InteractiveOidcRig;
let dir: string;
beforeAll(async () => {
  rig = await startInteractiveOidcRig();
  rig.accounts.set('agent.four', { name: 'Kim Park', groups: ['cc-agents'], team: 'west' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-site-identity-'));
});
afterAll(async () => {
  await rig.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('openSiteIdentity', () => {
  it('has no provider until one is set; then signs in with the stored settings', async () => {
    const storeKey = crypto.randomBytes(32);
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${rig.certificateSpkiSha256}`],
    });
    try {
      const legs: Promise<unknown>[] = [];
      const options: DeskSignInOptions = {
        openExternal: (url) => {
          legs.push(
            (async () => {
              const page = await browser.newPage();
              await page.goto(url);
              await page.locator('input[name="login"]').fill('agent.four');
              await page.locator('input[name="password"]').fill('any password');
              await page.locator('button[type="submit"]').click();
              await page.getByRole('button', { name: 'Continue' }).click();
              await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
            })(),
          );
          return Promise.resolve();
        },
        fetch: fetchTrusting(rig.certificate),
      };
      const none = openSiteIdentity(dir, storeKey, options);
      expect(none.provider).toBeNull();
      none.store.save({ issuer: rig.issuer, clientId: DESK_CLIENT_ID, deskRoles: { agent: ['cc-agents'] } });

      const site = openSiteIdentity(dir, storeKey, options);
      expect(site.provider?.settings.issuer).toBe(rig.issuer);
      const session = await site.provider?.signIn.signIn();
      await Promise.all(legs);
      expect(session).toMatchObject({ subject: 'agent.four', deskRole: 'agent', verificationRole: 'frontDesk', team: 'west' });
      expect(session?.notices.map((n) => n.code)).toEqual(['noKnownVerificationRole']);
      site.provider?.signIn.dispose();
    } finally {
      await browser.close();
    }
  });
});
