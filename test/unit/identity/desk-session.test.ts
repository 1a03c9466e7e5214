/** Who is at the desk, from the ID token's claims: roles and team by the settings' mapping, least privilege otherwise. */
import { describe, expect, it } from 'vitest';
import { claimAt, LEAST_PRIVILEGE, sessionFromClaims } from '../../../electron/identity/desk-session';
import { parseIdentitySettings } from '../../../electron/identity/identity-settings';

const settings = parseIdentitySettings({
  issuer: 'https://login.example.org/realms/care',
  clientId: 'carefront-desk',
  deskRoles: { agent: ['cc-agents'], teamLead: ['cc-leads'], trainee: ['cc-trainees'] },
  verificationRoles: { frontDesk: ['front-desk'], billing: ['billing-office'], nurse: ['nurses'], supervisor: ['cc-leads'] },
});
const base = { iss: 'https://login.example.org/realms/care', sub: 'u-123', name: 'Lee Ahmed' };
const EXPIRES = 1_900_000_000_000;

describe('sessionFromClaims', () => {
  it('takes the subject, issuer, name, team and the roles the claim values grant', () => {
    expect(sessionFromClaims({ ...base, groups: ['cc-agents', 'billing-office'], team: 'north' }, settings, EXPIRES)).toEqual({
      subject: 'u-123',
      issuer: base.iss,
      name: 'Lee Ahmed',
      deskRole: 'agent',
      verificationRole: 'billing',
      team: 'north',
      expiresAt: EXPIRES,
      notices: [],
    });
  });

  it('takes the highest role the claims grant', () => {
    const s = sessionFromClaims({ ...base, groups: ['cc-trainees', 'cc-agents', 'cc-leads', 'front-desk', 'nurses'] }, settings, EXPIRES);
    expect([s.deskRole, s.verificationRole]).toEqual(['teamLead', 'supervisor']);
    const nurse = sessionFromClaims({ ...base, groups: ['front-desk', 'billing-office', 'nurses', 'cc-agents'] }, settings, EXPIRES);
    expect(nurse.verificationRole).toBe('nurse');
  });

  it('gives least privilege with one notice when the roles claim is missing, or is not strings', () => {
    for (const groups of [undefined, 42, { admin: true }]) {
      const s = sessionFromClaims({ ...base, groups }, settings, EXPIRES);
      expect(s).toMatchObject({ deskRole: LEAST_PRIVILEGE.deskRole, verificationRole: LEAST_PRIVILEGE.verificationRole });
      expect(s.notices.map((n) => n.code)).toEqual(['rolesClaimMissing']);
      expect(s.notices[0]?.message).toContain('"groups"');
    }
    expect(LEAST_PRIVILEGE).toEqual({ deskRole: 'trainee', verificationRole: 'frontDesk' });
  });

  it('gives least privilege for the part the claim values do not grant, with a notice naming which', () => {
    const unknown = sessionFromClaims({ ...base, groups: ['all-staff'] }, settings, EXPIRES);
    expect(unknown).toMatchObject({ deskRole: 'trainee', verificationRole: 'frontDesk' });
    expect(unknown.notices.map((n) => n.code)).toEqual(['noKnownDeskRole', 'noKnownVerificationRole']);
    expect(unknown.notices.map((n) => n.message).join(' ')).not.toContain('all-staff');
    const agentOnly = sessionFromClaims({ ...base, groups: ['cc-agents'] }, settings, EXPIRES);
    expect(agentOnly).toMatchObject({ deskRole: 'agent', verificationRole: 'frontDesk' });
    expect(agentOnly.notices.map((n) => n.code)).toEqual(['noKnownVerificationRole']);
  });

  it('matches claim values exactly: no case folding, no prefixes', () => {
    const s = sessionFromClaims({ ...base, groups: ['CC-LEADS', 'cc-leads-old', ' cc-leads'] }, settings, EXPIRES);
    expect(s.deskRole).toBe('trainee');
  });

  it('reads a single-string claim and a dotted path (a claim inside an object)', () => {
    const keycloak = parseIdentitySettings({
      issuer: 'https://login.example.org',
      clientId: 'desk',
      claims: { roles: 'realm_access.roles', team: 'org.team', name: 'preferred_username' },
      deskRoles: { teamLead: ['lead'] },
      verificationRoles: { nurse: ['lead'] },
    });
    const s = sessionFromClaims(
      { ...base, realm_access: { roles: ['lead'] }, org: { team: ['east', 'west'] }, preferred_username: 'lahmed' },
      keycloak,
      EXPIRES,
    );
    expect(s).toMatchObject({ deskRole: 'teamLead', verificationRole: 'nurse', team: 'east', name: 'lahmed' });
    const single = parseIdentitySettings({ issuer: 'https://login.example.org', clientId: 'desk', claims: { roles: 'role' }, deskRoles: { agent: ['agent'] } });
    expect(sessionFromClaims({ ...base, role: 'agent' }, single, EXPIRES).deskRole).toBe('agent');
  });

  it('has no name or team when the claims give none (or only blanks)', () => {
    const s = sessionFromClaims({ iss: base.iss, sub: 'u-9', groups: ['cc-agents', 'front-desk'], name: '  ', team: [] }, settings, EXPIRES);
    expect(s).toMatchObject({ name: null, team: null, notices: [] });
  });
});

describe('claimAt', () => {
  it('reaches into objects only', () => {
    expect(claimAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(claimAt({ a: ['x'] }, 'a.0')).toBeUndefined();
    expect(claimAt({ a: null }, 'a.b')).toBeUndefined();
  });
});
