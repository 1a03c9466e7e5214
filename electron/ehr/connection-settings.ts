/**
 * The site's FHIR server connection, validated wherever it comes from (the admin CLI, the settings
 * file): the FHIR base URL and how the desk authenticates to it.
 *
 * - `https` always, except on this machine (127.0.0.1, ::1, localhost) where `http` is allowed.
 * - `none`: no authentication, allowed ONLY for a server on this machine (tests, a local proxy).
 * - `smartBackend`: SMART Backend Services (OAuth 2.0 client credentials, `private_key_jwt`): the token
 *   endpoint (or discovered from `<base>/.well-known/smart-configuration`), the client id the EHR
 *   registered, the private key (PEM or JWK) with RS384 or ES384, its `kid`, and the scope asked for.
 * - `interactiveAs`: whose access the desk's interactive requests (scheduling, the worklist: what the agent does on a
 *   call) use. `site` (the default): the site's client, as the sync and the outbox always do. `signedInUser`: the
 *   access token of the user signed in at the desk (the FHIR server trusts the organisation's identity provider), so
 *   the server itself sees who books, moves and claims; it needs an identity provider at the site.
 */
import { z } from 'zod';
import { CodedError } from '../../shared/errors';
import { MAX_PRIVATE_KEY_CHARS, parsePrivateKey, PrivateKeyProblem, SIGNING_ALGORITHMS } from './private-key';

/**
 * SMART v2 scopes (App Launch 2.0): read+search and create+update+delete on every resource type.
 * Servers that only know SMART v1 take `system/*.read system/*.write` (set `scope` to that).
 */
export const DEFAULT_SCOPE = 'system/*.rs system/*.cud';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Whether a URL points at this machine (where plain http and `none` are allowed). */
export const isLoopbackUrl = (url: string | URL): boolean => LOOPBACK_HOSTS.has(new URL(url).hostname.toLowerCase());

/** Why a URL is not an acceptable endpoint (null when it is): https unless on loopback, no user:password, no fragment. */
export function endpointProblem(text: string, what: string, allowQuery: boolean): string | null {
  const url = URL.parse(text);
  if (!url) return `${what} is not an absolute URL`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${what} must be an https URL`;
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname.toLowerCase()))
    return `${what} must use https (plain http is allowed only on 127.0.0.1, ::1 or localhost)`;
  if (url.username || url.password) return `${what} must not carry a user name or password`;
  if (url.hash || text.includes('#')) return `${what} must not have a fragment`;
  if (!allowQuery && url.search) return `${what} must not have a query`;
  return null;
}

/** An endpoint setting (no query for a FHIR base, whose trailing slashes are dropped). */
function endpoint(what: string, allowQuery: boolean) {
  return z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .superRefine((text, ctx) => {
      const problem = endpointProblem(text, what, allowQuery);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((text) => {
      const url = new URL(text);
      return allowQuery ? url.href : url.href.replace(/\/+$/, '');
    });
}

/** Visible ASCII, no spaces: what OAuth allows in a client id, and what we allow in a key id. */
const token = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, `${what} must be visible ASCII characters without spaces`);

/** RFC 6749 scope: space-separated tokens of visible ASCII except `"` and `\`. */
const scope = z
  .string()
  .trim()
  .max(1000)
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'scope must be space-separated OAuth scope tokens')
  .default(DEFAULT_SCOPE);

const privateKey = z
  .union([z.string(), z.record(z.string(), z.unknown())], { error: 'privateKey must be a PEM text or a JSON Web Key' })
  .transform((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
  .pipe(z.string().min(1, 'privateKey is required').max(MAX_PRIVATE_KEY_CHARS, `privateKey must be at most ${MAX_PRIVATE_KEY_CHARS} characters`));

const NoAuthSchema = z.object({ kind: z.literal('none') }).strict();

const SmartBackendSchema = z
  .object({
    kind: z.literal('smartBackend'),
    tokenUrl: endpoint('tokenUrl', true).optional(),
    clientId: token('clientId'),
    alg: z.enum(SIGNING_ALGORITHMS, { error: 'alg must be RS384 or ES384' }),
    kid: token('kid'),
    privateKey,
    scope,
  })
  .strict()
  .superRefine((auth, ctx) => {
    try {
      parsePrivateKey(auth.privateKey, auth.alg);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['privateKey'], message: err instanceof PrivateKeyProblem ? err.message : 'the private key could not be read' });
    }
  });

/** Whose access the desk's interactive requests use: the site's client, or the signed-in user's token. */
export const INTERACTIVE_AS = ['site', 'signedInUser'] as const;

export const EhrConnectionSchema = z
  .object({
    baseUrl: endpoint('baseUrl', false),
    auth: z.discriminatedUnion('kind', [NoAuthSchema, SmartBackendSchema], { error: 'auth.kind must be "none" or "smartBackend"' }),
    interactiveAs: z.enum(INTERACTIVE_AS, { error: 'interactiveAs must be "site" or "signedInUser"' }).default('site'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.auth.kind === 'none' && !isLoopbackUrl(c.baseUrl)) {
      ctx.addIssue({ code: 'custom', path: ['auth', 'kind'], message: 'auth "none" is allowed only for a FHIR server on this machine; use smartBackend' });
    }
  });

export type EhrConnection = z.output<typeof EhrConnectionSchema>;
export type EhrConnectionInput = z.input<typeof EhrConnectionSchema>;
export type SmartBackendAuth = Extract<EhrConnection['auth'], { kind: 'smartBackend' }>;

/** Validates a connection; throws `ehrSettingsInvalid` naming each problem by path (never a value). */
export function parseEhrConnection(input: unknown): EhrConnection {
  const parsed = EhrConnectionSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
  throw new CodedError('ehrSettingsInvalid', `EHR connection settings are not valid: ${problems.join('; ')}`);
}
