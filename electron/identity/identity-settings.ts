/**
 * The organisation's identity provider, as the desk signs in through it (OpenID Connect, Authorization Code
 * with PKCE, a public native client: no client secret). Validated wherever the settings come from.
 *
 * - `issuer`: https always, also on this machine (openid-client refuses plain http, and so does the desk).
 * - `clientId`: the desk's client at the provider, registered with the redirect URI
 *   `http://127.0.0.1/<redirectPath>` (RFC 8252: the provider accepts any port on loopback for a native client).
 * - `scope`: must include `openid`; `offline_access` asks for a refresh token.
 * - `claims`: which ID token claims carry the roles, the team and the display name (a dotted path such as
 *   `realm_access.roles` reaches into an object).
 * - `deskRoles` / `verificationRoles`: for each role, the claim values that grant it.
 */
import { z } from 'zod';
import { CodedError } from '../../shared/errors';
import { ROLES, type Role } from '../../shared/verification/policy';
import { endpointProblem } from '../ehr/connection-settings';
import { DESK_ROLES, type DeskRole } from '../../shared/identity/identity-status';

/** What the desk lets its user do: take calls, lead a team (board, alerts, monitoring), or practise only. */
export { DESK_ROLES, type DeskRole };

export const DEFAULT_SCOPE = 'openid profile offline_access';
export const DEFAULT_SIGN_IN_TIMEOUT_SECONDS = 300;

const issuer = z
  .string()
  .trim()
  .min(1, 'issuer is required')
  .max(2000)
  .superRefine((text, ctx) => {
    const url = URL.parse(text);
    const problem = url && url.protocol !== 'https:' ? 'issuer must be an https URL' : endpointProblem(text, 'issuer', false);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const clientId = z
  .string()
  .trim()
  .min(1, 'clientId is required')
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'clientId must be visible ASCII characters without spaces');

const scope = z
  .string()
  .trim()
  .max(1000)
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'scope must be space-separated OAuth scope tokens')
  .refine((s) => s.split(' ').includes('openid'), 'scope must include openid')
  .default(DEFAULT_SCOPE);

/** A claim name, or a dotted path of names into nested objects. */
const claimPath = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_:/-]{1,100}(\.[A-Za-z0-9_:/-]{1,100}){0,4}$/, 'a claim name (letters, digits, _ : / -), or a dotted path of up to 5 names');

/** The claim values that grant one role: none by default. */
const claimValues = z.array(z.string().trim().min(1).max(200)).max(50).default([]);

export const IdentitySettingsSchema = z
  .object({
    issuer,
    clientId,
    scope,
    redirectPath: z
      .string()
      .regex(/^\/[A-Za-z0-9._~-]{1,60}(\/[A-Za-z0-9._~-]{1,60}){0,3}$/, 'redirectPath must be a plain path such as /callback')
      .default('/callback'),
    claims: z
      .object({ roles: claimPath.default('groups'), team: claimPath.default('team'), name: claimPath.default('name') })
      .strict()
      .prefault({}),
    deskRoles: z.object({ agent: claimValues, teamLead: claimValues, trainee: claimValues }).strict().prefault({}),
    verificationRoles: z
      .object(Object.fromEntries(ROLES.map((r) => [r, claimValues])) as Record<Role, typeof claimValues>)
      .strict()
      .prefault({}),
    /** How long the browser leg may take before the loopback listener gives up. */
    signInTimeoutSeconds: z.number().int().min(30).max(1800).default(DEFAULT_SIGN_IN_TIMEOUT_SECONDS),
    /** Idle time (no key, no pointer, no call) after which the desk locks; unlocking signs in again. Default 10 minutes. */
    autoLockSeconds: z.number().int().min(15).max(7200).default(600),
  })
  .strict();

export type IdentitySettings = z.output<typeof IdentitySettingsSchema>;
export type IdentitySettingsInput = z.input<typeof IdentitySettingsSchema>;

/** Validates the settings; throws `identitySettingsInvalid` naming each problem by path (never a value). */
export function parseIdentitySettings(input: unknown): IdentitySettings {
  const parsed = IdentitySettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
  throw new CodedError('identitySettingsInvalid', `identity provider settings are not valid: ${problems.join('; ')}`);
}
