import { describe, expect, it } from 'vitest';
import { matches } from '../../../shared/verification/match';
import { parsePolicy } from '../../../shared/verification/policy';
import policy from '../../../assets/policies/verification-default.json';

describe('identifier strength in the policy file', () => {
  it('the default needs two matches, one of them secret; name, address and phone are public', () => {
    const r = parsePolicy(policy);
    expect(r.ok).toBe(true);
    const p = r.ok ? r.policy : null;
    expect(p).toMatchObject({ requiredMatches: 2, requiredSecret: 1 });
    expect(p!.strength).toMatchObject({ name: 'public', address: 'public', phone: 'public', birthDate: 'secret', mrn: 'secret', memberId: 'secret' });
  });

  it('declares step-up (one more identifier) for changing contact details, billing and results', () => {
    const r = parsePolicy(policy);
    const p = r.ok ? r.policy : null;
    expect(p!.stepUp.extraMatches).toBe(1);
    expect(Object.keys(p!.stepUp.requests).sort()).toEqual(['billing', 'changeContact', 'results']);
    expect(p!.stepUp.requests.billing).toContain('billing');
  });

  it('shows no clinical flag before verification', () => {
    const r = parsePolicy(policy);
    expect(r.ok && r.policy.flagsBeforeVerification).not.toContain('clinical');
  });

  it('refuses an identifier without a strength, more secrets than secret identifiers, a step-up beyond the identifiers', () => {
    const { memberId: _drop, ...noMember } = policy.strength;
    const a = parsePolicy({ ...policy, strength: noMember });
    expect(!a.ok && a.errors.join()).toContain('strength');
    const b = parsePolicy({ ...policy, identifiers: ['name', 'address', 'phone', 'birthDate'], requiredSecret: 2 });
    expect(!b.ok && b.errors.join()).toContain('requiredSecret');
    const c = parsePolicy({ ...policy, requiredSecret: 3 });
    expect(!c.ok && c.errors.join()).toContain('requiredSecret');
    const d = parsePolicy({ ...policy, identifiers: ['name', 'birthDate'], stepUp: { extraMatches: 1, requests: {} } });
    expect(!d.ok && d.errors.join()).toContain('stepUp');
    const e = parsePolicy({ ...policy, strength: { ...policy.strength, mrn: 'medium' } });
    expect(e.ok).toBe(false);
    const f = parsePolicy({ ...policy, stepUp: { extraMatches: 1, requests: { everything: [] } } });
    expect(f.ok).toBe(false);
  });
});

describe('the member id', () => {
  it('matches its last four characters or more, never fewer', () => {
    expect(matches('memberId', '4821', 'SUB734821')).toBe(true);
    expect(matches('memberId', 'sub 734821', 'SUB734821')).toBe(true);
    expect(matches('memberId', '821', 'SUB734821')).toBe(false);
    expect(matches('memberId', '4822', 'SUB734821')).toBe(false);
    expect(matches('memberId', '4821', null)).toBe(false);
  });
});
