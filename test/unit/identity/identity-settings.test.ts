/** The identity provider settings: defaults, and each problem named by its path (never a value). */
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../shared/errors';
import { parseIdentitySettings } from '../../../electron/identity/identity-settings';

const minimal = { issuer: 'https://login.example.org/realms/care', clientId: 'carefront-desk' };

function problemOf(input: unknown): string {
  try {
    parseIdentitySettings(input);
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('identitySettingsInvalid');
    return (err as CodedError).message;
  }
  throw new Error('the settings were accepted');
}

describe('identity provider settings', () => {
  it('fills the defaults: openid scope with a refresh token, /callback, groups/team/name claims, no role granted', () => {
    expect(parseIdentitySettings(minimal)).toEqual({
      ...minimal,
      scope: 'openid profile offline_access',
      redirectPath: '/callback',
      claims: { roles: 'groups', team: 'team', name: 'name' },
      deskRoles: { agent: [], teamLead: [], trainee: [] },
      verificationRoles: { frontDesk: [], billing: [], nurse: [], supervisor: [] },
      signInTimeoutSeconds: 300,
      autoLockSeconds: 600,
    });
  });

  it('takes an https issuer only, also on this machine, without credentials, query or fragment', () => {
    expect(problemOf({ ...minimal, issuer: 'http://login.example.org' })).toContain('issuer: issuer must be an https URL');
    expect(problemOf({ ...minimal, issuer: 'http://127.0.0.1:8443' })).toContain('issuer must be an https URL');
    expect(problemOf({ ...minimal, issuer: 'https://u:p@login.example.org' })).toContain('must not carry a user name or password');
    expect(problemOf({ ...minimal, issuer: 'https://login.example.org/?tenant=1' })).toContain('must not have a query');
    expect(problemOf({ ...minimal, issuer: 'login.example.org' })).toContain('is not an absolute URL');
  });

  it('names each problem by its path and never echoes a value', () => {
    const message = problemOf({
      ...minimal,
      clientId: 'has spaces',
      scope: 'profile email',
      redirectPath: 'callback?x=1',
      claims: { roles: 'groups;drop' },
      deskRoles: { admin: ['x'] },
      verificationRoles: { nurse: [''] },
      signInTimeoutSeconds: 5,
    });
    for (const path of ['clientId:', 'scope:', 'redirectPath:', 'claims.roles:', 'deskRoles:', 'verificationRoles.nurse.0:', 'signInTimeoutSeconds:']) {
      expect(message).toContain(path);
    }
    expect(message).toContain('scope must include openid');
    expect(message).not.toContain('has spaces');
    expect(message).not.toContain('groups;drop');
  });

  it('refuses unknown fields', () => {
    expect(problemOf({ ...minimal, clientSecret: 'shh' })).toContain('clientSecret');
  });
});
