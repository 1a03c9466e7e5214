/**
 * Who is at the desk, derived from the validated ID token's claims by one pure function.
 *
 * Roles come from the configured claim (an array of strings, or one string): each desk role and each
 * verification role lists the claim values that grant it. When the claims grant several, the session takes
 * the highest (teamLead over agent over trainee; supervisor over nurse over billing over frontDesk).
 *
 * Least privilege: a user whose roles claim is missing, or names no value the settings know, signs in as a
 * `trainee` (practice mode only: synthetic callers and patients, no real call and no real record), and a user
 * granted no verification role gets `frontDesk` (the front line's view, without the billing section). The
 * session then carries a notice saying why, for the desk to show.
 */
import type { Role } from '../../shared/verification/policy';
import type { DeskRole, IdentitySettings } from './identity-settings';
import { SESSION_NOTICES, type SessionNoticeCode } from '../../shared/identity/identity-status';

/** Highest first: the session takes the first role the claims grant. */
const DESK_ROLE_PRECEDENCE: readonly DeskRole[] = ['teamLead', 'agent', 'trainee'];
const VERIFICATION_ROLE_PRECEDENCE: readonly Role[] = ['supervisor', 'nurse', 'billing', 'frontDesk'];

export const LEAST_PRIVILEGE = { deskRole: 'trainee', verificationRole: 'frontDesk' } as const satisfies {
  deskRole: DeskRole;
  verificationRole: Role;
};

export { SESSION_NOTICES, type SessionNoticeCode };

export interface SessionNotice {
  code: SessionNoticeCode;
  /** English, for the log and the developer; the desk shows the translation of the code. Names no claim value. */
  message: string;
}

export interface DeskSession {
  /** The provider's subject identifier for the user (the actor of the desk's audit events). */
  subject: string;
  issuer: string;
  name: string | null;
  deskRole: DeskRole;
  verificationRole: Role;
  team: string | null;
  /** When the access token stops being good (epoch ms); the session is refreshed before then. */
  expiresAt: number;
  /** Why the user got less than they may expect (least privilege); empty when the claims granted roles. */
  notices: SessionNotice[];
}

/** The value at a claim name or dotted path. */
export function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = claims;
  for (const name of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** A claim's string values (an array of strings, or one string); null when absent or of another shape. */
function claimStrings(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return null;
}

function firstGranted<R extends string>(precedence: readonly R[], grants: Readonly<Record<R, readonly string[]>>, values: ReadonlySet<string>): R | null {
  return precedence.find((role) => grants[role].some((v) => values.has(v))) ?? null;
}

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : null;
}

/** The session for the claims of a validated ID token (iss and sub checked by the caller's library). */
export function sessionFromClaims(claims: Readonly<Record<string, unknown>>, settings: IdentitySettings, expiresAt: number): DeskSession {
  const roleValues = claimStrings(claimAt(claims, settings.claims.roles));
  const values = new Set(roleValues ?? []);
  const notices: SessionNotice[] = [];
  let deskRole = firstGranted(DESK_ROLE_PRECEDENCE, settings.deskRoles, values);
  let verificationRole = firstGranted(VERIFICATION_ROLE_PRECEDENCE, settings.verificationRoles, values);
  if (roleValues === null) {
    notices.push({
      code: 'rolesClaimMissing',
      message: `the ID token has no "${settings.claims.roles}" claim: signed in with the least privilege (${LEAST_PRIVILEGE.deskRole}, ${LEAST_PRIVILEGE.verificationRole})`,
    });
  } else {
    if (!deskRole)
      notices.push({
        code: 'noKnownDeskRole',
        message: `no value of the "${settings.claims.roles}" claim grants a desk role: signed in as ${LEAST_PRIVILEGE.deskRole}`,
      });
    if (!verificationRole)
      notices.push({
        code: 'noKnownVerificationRole',
        message: `no value of the "${settings.claims.roles}" claim grants a verification role: given ${LEAST_PRIVILEGE.verificationRole}`,
      });
  }
  deskRole ??= LEAST_PRIVILEGE.deskRole;
  verificationRole ??= LEAST_PRIVILEGE.verificationRole;
  return {
    subject: String(claims.sub),
    issuer: String(claims.iss),
    name: text(claimAt(claims, settings.claims.name), 200),
    deskRole,
    verificationRole,
    team: text(claimStrings(claimAt(claims, settings.claims.team))?.[0], 100),
    expiresAt,
    notices,
  };
}
