/**
 * The desk's sign-in as the rest of the main process sees it: the stored identity provider settings and the
 * sign-in service built on them (null when the site has none), from the data directory and the store key,
 * like the site's EHR link. The browser leg and the network come from the caller (`system-browser.ts` in the app).
 */
import { SecretBox } from '../main/services/secret-box';
import { DeskSignIn, type DeskSignInOptions } from './desk-sign-in';
import type { IdentitySettings } from './identity-settings';
import { IdentityStore } from './identity-store';

export interface SiteIdentity {
  readonly store: IdentityStore;
  /** The configured provider and its sign-in, or null when the site has none. */
  readonly provider: { settings: IdentitySettings; signIn: DeskSignIn } | null;
}

export function openSiteIdentity(dataDir: string, storeKey: Buffer, options: DeskSignInOptions): SiteIdentity {
  const store = new IdentityStore(dataDir, new SecretBox(storeKey));
  const settings = store.load();
  return { store, provider: settings ? { settings, signIn: new DeskSignIn(settings, options) } : null };
}
