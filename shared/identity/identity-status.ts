/**
 * Who is at the desk, as the page may see it: whether the site signs its users in through an identity
 * provider, and the signed-in user's name, roles, team, expiry and notices. Never a token, never the subject.
 */
import type { Role } from '../verification/policy';

export const DESK_ROLES = ['agent', 'teamLead', 'trainee'] as const;
export type DeskRole = (typeof DESK_ROLES)[number];

/** Why the user got less than they may expect (least privilege); the page shows the translation of each. */
export const SESSION_NOTICES = ['rolesClaimMissing', 'noKnownDeskRole', 'noKnownVerificationRole'] as const;
export type SessionNoticeCode = (typeof SESSION_NOTICES)[number];

export interface DeskSessionView {
  name: string | null;
  deskRole: DeskRole;
  verificationRole: Role;
  team: string | null;
  /** When the session stops being good unless refreshed (epoch ms). */
  expiresAt: number;
  notices: SessionNoticeCode[];
}

export interface IdentityStatus {
  /** The site has an identity provider: the desk works only for a signed-in user. */
  configured: boolean;
  /** The provider's name as the sign-in button shows it (its issuer's host); null when not configured. */
  provider: string | null;
  session: DeskSessionView | null;
  /** The desk locked itself (idle) while this user was signed in: unlocking is signing in again. Null otherwise. */
  locked: { name: string | null } | null;
  /** How long the desk may stay idle (no key, no pointer, no call) before it locks; null: it does not lock. */
  autoLockSeconds: number | null;
  /** A call rings at the desk while nobody is signed in (locked): the sign-in screen says so, and rings; no caller detail. */
  ringingWhileLocked: boolean;
}
