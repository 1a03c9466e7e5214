/**
 * Who is at the desk, for the main process: the actor of the audit trail, the desk role (agent or team lead)
 * and the verification role (what verification unlocks).
 *
 * - With the site's identity provider configured, they come from the signed-in session only (the start-up
 *   flags cannot grant them); before sign-in, and after sign-out, nobody is at the desk.
 * - Without one (the demo store, tests), the workstation's user and the start-up flags, as before.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { AppRole } from '../../shared/ipc/contract';
import type { Role } from '../../shared/verification/policy';
import type { DeskSessionView, IdentityStatus } from '../../shared/identity/identity-status';
import type { DeskSession } from '../identity/desk-session';
import type { DeskSignIn, DeskSignInOptions } from '../identity/desk-sign-in';
import type { IdentitySettings } from '../identity/identity-settings';
import { LEAST_PRIVILEGE } from '../identity/desk-session';
import { openSiteIdentity } from '../identity/site-identity';

export interface DeskIdentity {
  /** The site signs its users in: the desk works only for a signed-in user. */
  readonly configured: boolean;
  /** Someone is at the desk (always, when the site has no identity provider). */
  signedIn(): boolean;
  /** The actor of the audit events. */
  actor(): string;
  /**
   * A stable key for the signed-in user's own things at this desk (their SIP account): a digest of the provider's
   * issuer and subject, so no file name shows who they are. Null with nobody signed in, and at a site without sign-in.
   */
  userKey(): string | null;
  /** Whether a call rings while the desk is locked (or waits for a sign-in): the sign-in screen says so, nothing more. */
  setRingingWhileLocked(ringing: boolean): void;
  appRole(): AppRole;
  verificationRole(): Role;
  status(): IdentityStatus;
  signIn(): Promise<IdentityStatus>;
  signOut(): Promise<IdentityStatus>;
  /** Locks the desk (idle): nobody is at it until the user signs in again. */
  lock(): Promise<IdentityStatus>;
  /**
   * The signed-in user's access for a resource server that trusts the site's identity provider (the FHIR server, when
   * the site says so); null at a site without sign-in.
   */
  userAccess(): UserAccess | null;
  /** Told of each change of who is at the desk. */
  onChange(listener: (status: IdentityStatus) => void): () => void;
  dispose(): void;
}

/** The signed-in user's bearer token (`signInRequired` with nobody signed in), and a token a server refused. */
export interface UserAccess {
  bearer(): Promise<string>;
  refused(header: string): void;
}

/** This workstation's user, as the audit trail has named the desk's actor without an identity provider. */
export const workstationUser = (): string => `workstation-user/${os.userInfo().username}`;

/** The desk of a site without an identity provider: the workstation's user, roles from the start-up flags. */
export function workstationIdentity(actor: string, appRole: AppRole, role: Role): DeskIdentity {
  const status: IdentityStatus = { configured: false, provider: null, session: null, locked: null, autoLockSeconds: null, ringingWhileLocked: false };
  return {
    configured: false,
    signedIn: () => true,
    actor: () => actor,
    userKey: () => null,
    // Always signed in: no call rings at a locked desk.
    setRingingWhileLocked: () => undefined,
    appRole: () => appRole,
    verificationRole: () => role,
    status: () => status,
    signIn: () => Promise.resolve(status),
    signOut: () => Promise.resolve(status),
    // Nobody signs in here, so nothing could unlock it: the desk of a site without an identity provider does not lock.
    lock: () => Promise.resolve(status),
    userAccess: () => null,
    onChange: () => () => undefined,
    dispose: () => undefined,
  };
}

/** What the page may see of a session: no subject, no issuer, no token. */
export function sessionView(s: DeskSession): DeskSessionView {
  return {
    name: s.name,
    deskRole: s.deskRole,
    verificationRole: s.verificationRole,
    team: s.team,
    expiresAt: s.expiresAt,
    notices: s.notices.map((n) => n.code),
  };
}

/** The actor of a signed-in user's audit events: the provider's subject (under its issuer), and the workstation. */
export const sessionActor = (s: DeskSession, workstation: string): string => `${s.issuer}#${s.subject} at ${workstation}`;

/** The user's key at the desk: the first 128 bits of SHA-256 over issuer and subject, in hex. */
export const sessionUserKey = (s: Pick<DeskSession, 'issuer' | 'subject'>): string =>
  crypto.createHash('sha256').update(`${s.issuer}\n${s.subject}`).digest('hex').slice(0, 32);

/**
 * The desk of a site with an identity provider. `signIn` is the provider's `DeskSignIn`; its session changes
 * must reach `sessionChanged` (the `onSessionChange` option it was built with).
 */
export class SignedInIdentity implements DeskIdentity {
  readonly configured = true;
  private readonly listeners = new Set<(status: IdentityStatus) => void>();
  /** Whose session the idle lock ended (until someone signs in, or out). */
  private lockedFor: { name: string | null } | null = null;
  private ringing = false;

  constructor(
    private readonly settings: IdentitySettings,
    private readonly signInService: DeskSignIn,
    private readonly workstation: string,
  ) {}

  signedIn(): boolean {
    return this.signInService.current() !== null;
  }

  actor(): string {
    const s = this.signInService.current();
    return s ? sessionActor(s, this.workstation) : `${this.workstation} (not signed in)`;
  }

  userKey(): string | null {
    const s = this.signInService.current();
    return s ? sessionUserKey(s) : null;
  }

  setRingingWhileLocked(ringing: boolean): void {
    if (ringing === this.ringing) return;
    this.ringing = ringing;
    this.sessionChanged();
  }

  appRole(): AppRole {
    // Only the session makes a team lead; a trainee is no lead either.
    return this.signInService.current()?.deskRole === 'teamLead' ? 'teamLead' : 'agent';
  }

  verificationRole(): Role {
    return this.signInService.current()?.verificationRole ?? LEAST_PRIVILEGE.verificationRole;
  }

  status(): IdentityStatus {
    const s = this.signInService.current();
    return {
      configured: true,
      provider: new URL(this.settings.issuer).host,
      session: s ? sessionView(s) : null,
      locked: s ? null : this.lockedFor,
      autoLockSeconds: this.settings.autoLockSeconds,
      ringingWhileLocked: !s && this.ringing,
    };
  }

  async signIn(): Promise<IdentityStatus> {
    await this.signInService.signIn();
    this.lockedFor = null;
    return this.status();
  }

  async signOut(): Promise<IdentityStatus> {
    this.lockedFor = null;
    await this.signInService.signOut();
    return this.status();
  }

  lock(): Promise<IdentityStatus> {
    const s = this.signInService.current();
    if (s) {
      this.lockedFor = { name: s.name };
      this.signInService.lock(); // its session change tells the listeners, the lock included
    }
    return Promise.resolve(this.status());
  }

  userAccess(): UserAccess {
    return {
      bearer: () => this.signInService.bearer(),
      refused: (header) => {
        this.signInService.refusedBearer(header);
      },
    };
  }

  onChange(listener: (status: IdentityStatus) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Called by the sign-in service on each change of the session. */
  sessionChanged(): void {
    const status = this.status();
    for (const listener of [...this.listeners]) listener(status);
  }

  dispose(): void {
    this.signInService.dispose();
    this.listeners.clear();
  }
}

/** How the desk's sign-in reaches the user and the provider: the system browser, and the network. */
export type SignInBrowser = Pick<DeskSignInOptions, 'openExternal' | 'fetch'>;

/**
 * The desk's identity: the site's identity provider when its settings are stored (sealed under the store key),
 * else the workstation's user with the start-up roles. With a provider, start-up roles are refused: only the
 * session may make someone a team lead or a supervisor.
 */
export function openDeskIdentity(
  dataDir: string,
  storeKey: Buffer,
  o: { workstation: string; browser?: SignInBrowser; appRole?: AppRole; role?: Role },
): DeskIdentity {
  let identity: SignedInIdentity | null = null;
  const browser = o.browser;
  const site = openSiteIdentity(dataDir, storeKey, {
    openExternal: (url) => (browser ? browser.openExternal(url) : Promise.reject(new Error('the desk has no browser for the sign-in'))),
    ...(browser?.fetch ? { fetch: browser.fetch } : {}),
    onSessionChange: () => {
      identity?.sessionChanged();
    },
  });
  if (!site.provider) return workstationIdentity(o.workstation, o.appRole ?? 'agent', o.role ?? LEAST_PRIVILEGE.verificationRole);
  if (o.appRole || o.role) {
    site.provider.signIn.dispose();
    throw new Error(
      'this site signs its users in through its identity provider: the desk role and the verification role come from the sign-in, and start-up roles (--role, --desk-role) are refused',
    );
  }
  if (!browser) {
    site.provider.signIn.dispose();
    throw new Error('this site signs its users in, but this desk has no browser for the sign-in');
  }
  identity = new SignedInIdentity(site.provider.settings, site.provider.signIn, o.workstation);
  return identity;
}
