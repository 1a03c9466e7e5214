import { describe, expect, it } from 'vitest';
import { matches } from '../../../shared/verification/match';
import { parsePolicy } from '../../../shared/verification/policy';
import policy from '../../../assets/policies/verification-default.json';

describe('identifier matching', () => {
  it('names: every word on file, any order, accents and case folded', () => {
    expect(matches('name', 'garcia maria', 'María García')).toBe(true);
    expect(matches('name', 'Maria', 'María García')).toBe(false);
    expect(matches('name', 'María Garcia-Lopez', 'María García')).toBe(true);
  });
  it('dates must be the same day; MRNs ignore case and spaces; phones compare digits', () => {
    expect(matches('birthDate', '1980-02-03', '1980-02-03')).toBe(true);
    expect(matches('birthDate', '1980-03-02', '1980-02-03')).toBe(false);
    expect(matches('mrn', 'mrn 0000 0001', 'MRN00000001')).toBe(true);
    expect(matches('phone', '(617) 555-0100', '+16175550100')).toBe(true);
    expect(matches('phone', '555-0100', '+16175550100')).toBe(true);
    expect(matches('phone', '0100', '+16175550100')).toBe(false);
  });
  it('addresses: house number and street words', () => {
    expect(matches('address', '12 oak street', '12 Oak Street, Boston, MA 02110')).toBe(true);
    expect(matches('address', '14 oak street', '12 Oak Street, Boston, MA 02110')).toBe(false);
  });
  it('nothing matches an empty answer or nothing on file', () => {
    expect(matches('name', '', 'Ann Lee')).toBe(false);
    expect(matches('mrn', 'MRN1', null)).toBe(false);
  });
});

describe('verification policy file', () => {
  it('the shipped default is valid', () => {
    expect(parsePolicy(policy).ok).toBe(true);
  });
  it('a broken policy is refused with the path and the reason', () => {
    const r = parsePolicy({ ...policy, requiredMatches: 9 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.join()).toContain('requiredMatches');
    const r2 = parsePolicy({ ...policy, roles: { janitor: [] } });
    expect(r2.ok).toBe(false);
  });
});
