/**
 * Who is at the desk, as the page sees it (identity.status and its changes), and the sign-in and sign-out.
 *
 * The workspace is built for one signed-in user: when someone signs in or out, or the session's roles change,
 * the page starts again from nothing (a reload), so no feature store, no patient and no call of the previous
 * user is left in memory or in the page.
 */
import { create } from 'zustand';
import type { ErrorCode } from '../../../../shared/errors';
import type { IdentityStatus } from '../../../../shared/identity/identity-status';
import { invoke, onEvent } from '../../app/api';

interface IdentityStore {
  status: IdentityStatus | null;
  /** A sign-in is waiting for the user in the system browser. */
  signingIn: boolean;
  error: ErrorCode | null;
  load: () => Promise<void>;
  signIn: () => Promise<void>;
  signOut: () => Promise<void>;
  /** The desk was idle for the site's time: main drops the session, the page starts again locked. */
  lock: () => Promise<void>;
}

/** What the workspace is built for: who is signed in and with which roles (not the session's expiry). */
function deskKey(status: IdentityStatus | null): string {
  const s = status?.session;
  return s ? JSON.stringify([s.name, s.deskRole, s.verificationRole, s.team]) : '';
}

let restarting = false;
/** This page is signing out: the provider's logout page opens first, then the page starts again. */
let signingOut = false;

/** The page is starting again (someone signed in or out): nothing more is asked of main from this page. */
export const pageRestarting = (): boolean => restarting;

function restart(): void {
  if (restarting) return;
  restarting = true;
  window.location.reload();
}

/** Takes the new status; a change of who is at the desk (or of their roles) starts the page again. */
function settle(next: IdentityStatus): void {
  const before = useIdentity.getState().status;
  useIdentity.setState({ status: next });
  if (before && deskKey(before) !== deskKey(next) && !signingOut) restart();
}

export const useIdentity = create<IdentityStore>((set) => ({
  status: null,
  signingIn: false,
  error: null,
  load: async () => {
    const r = await invoke('identity.status', {});
    if (r.ok) set({ status: r.value });
  },
  signIn: async () => {
    set({ signingIn: true, error: null });
    const r = await invoke('identity.signIn', {});
    set({ signingIn: false, error: r.ok ? null : r.error.code });
    if (r.ok) settle(r.value);
  },
  signOut: async () => {
    signingOut = true;
    const r = await invoke('identity.signOut', {});
    signingOut = false;
    if (!r.ok) {
      set({ error: r.error.code });
      return;
    }
    // Signed out: the page starts again for nobody (the sign-in screen), with nothing of the previous user.
    set({ status: r.value });
    restart();
  },
  lock: async () => {
    const r = await invoke('identity.lock', {});
    if (r.ok) settle(r.value);
  },
}));

onEvent('identity.changed', (status) => {
  settle(status);
});

// Browser mode: the provider's pages open beside the desk (in Electron the main process opens the system browser).
// Only the page that started the sign-in (or sign-out) opens them, and only an https address.
onEvent('identity.openBrowser', ({ url }) => {
  if (!useIdentity.getState().signingIn && !signingOut) return;
  if (new URL(url).protocol !== 'https:') return;
  window.open(url, '_blank', 'noopener');
});

/** The desk waits for a sign-in: the site signs its users in and nobody is signed in. */
export const needsSignIn = (status: IdentityStatus | null): boolean => status?.configured === true && status.session === null;
