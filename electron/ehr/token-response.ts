/**
 * Reads the token endpoint's answer (RFC 6749 §5.1/§5.2): a bearer access token with a positive
 * lifetime, or an OAuth error mapped to a code. Nothing from the answer but the OAuth error code is
 * ever put in a message, so neither a token nor anything the server echoes ends up in a log.
 */
import { z } from 'zod';
import { CodedError } from '../../shared/errors';
import type { BoundedAnswer } from './bounded-fetch';

export const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
const MAX_ACCESS_TOKEN_CHARS = 16 * 1024;
/** A longer lifetime than this is taken as this (a desk asks again at least once a day). */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/** RFC 6750 b64token: what can follow `Bearer ` in an Authorization header. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

const TokenSuccessSchema = z.object({
  access_token: z.string().min(1).max(MAX_ACCESS_TOKEN_CHARS).regex(B64TOKEN),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer'),
  expires_in: z.number().positive(),
  scope: z.string().max(4000).optional(),
});

export interface TokenGrant {
  accessToken: string;
  expiresInSeconds: number;
  scope: string | undefined;
}

/** OAuth errors that say the client itself (its id, key or registration) is not accepted. */
const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client']);

function oauthError(body: string): string | null {
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    return typeof error === 'string' && /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(error) ? error : null;
  } catch {
    return null;
  }
}

export function readTokenResponse(answer: BoundedAnswer): TokenGrant {
  const what = 'the token endpoint';
  if (answer.status === 200) {
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      throw new CodedError('ehrAuthBadResponse', `${what} answered 200 with a body that is not JSON`);
    }
    const parsed = TokenSuccessSchema.safeParse(json);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'body')))].join(', ');
      throw new CodedError('ehrAuthBadResponse', `${what} answered 200 without a usable bearer token (${fields})`);
    }
    const t = parsed.data;
    return { accessToken: t.access_token, expiresInSeconds: Math.min(t.expires_in, MAX_TOKEN_LIFETIME_SECONDS), scope: t.scope };
  }
  if (answer.status >= 500 || answer.status === 429) throw new CodedError('ehrAuthUnreachable', `${what} is unavailable (HTTP ${answer.status})`);
  const error = oauthError(answer.body);
  if (error && CLIENT_ERRORS.has(error))
    throw new CodedError(
      'ehrAuthClientRejected',
      `${what} rejected this client (${error}, HTTP ${answer.status}): check the client id, the key id and the public key registered at the EHR`,
    );
  if (error) throw new CodedError('ehrAuthRefused', `${what} refused the request (${error}, HTTP ${answer.status})`);
  throw new CodedError('ehrAuthBadResponse', `${what} answered HTTP ${answer.status} without an OAuth error`);
}
