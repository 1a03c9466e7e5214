/**
 * Whether the identity provider the settings name can sign the desk in: its discovery document answers for
 * that issuer, and it has what the desk's sign-in needs (an authorization and a token endpoint, PKCE with
 * S256, the `code` response type) and what sign-out uses when present (end session, revocation).
 */
import * as oidc from 'openid-client';
import { CodedError } from '../../shared/errors';
import type { IdentitySettings } from './identity-settings';
import { providerFailure } from './provider-errors';

export interface ProviderCheck {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** RP-initiated logout: sign-out ends the provider's session too. */
  endSession: boolean;
  /** Sign-out revokes the refresh token at the provider. */
  revocation: boolean;
  /** Whether the provider lists the claims the settings read (null: it does not publish claims_supported). */
  claimsListed: { roles: boolean; team: boolean } | null;
}

export async function checkProvider(settings: IdentitySettings, fetch?: oidc.CustomFetch): Promise<ProviderCheck> {
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(new URL(settings.issuer), settings.clientId, undefined, oidc.None(), {
      ...(fetch ? { [oidc.customFetch]: fetch } : {}),
      timeout: 10,
    });
  } catch (err) {
    throw providerFailure(err, 'discovery');
  }
  const m = config.serverMetadata();
  const missing = [
    m.authorization_endpoint ? null : 'an authorization endpoint',
    m.token_endpoint ? null : 'a token endpoint',
    m.code_challenge_methods_supported?.includes('S256') ? null : 'PKCE with S256',
    !m.response_types_supported || m.response_types_supported.includes('code') ? null : 'the code response type',
  ].filter((x) => x !== null);
  if (missing.length) throw new CodedError('signInRefused', `the identity provider does not offer ${missing.join(', ')}`);
  const claims = m.claims_supported;
  const top = (path: string): string => path.split('.')[0] ?? path;
  return {
    issuer: m.issuer,
    authorizationEndpoint: String(m.authorization_endpoint),
    tokenEndpoint: String(m.token_endpoint),
    endSession: Boolean(m.end_session_endpoint),
    revocation: Boolean(m.revocation_endpoint),
    claimsListed: claims ? { roles: claims.includes(top(settings.claims.roles)), team: claims.includes(top(settings.claims.team)) } : null,
  };
}
