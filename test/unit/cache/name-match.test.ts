// Saying the name as shown: invisible and reordering characters never make a name fail, and a
// caller may give any of the patient's names on file, in any script the file has it in, or mix them.
import { describe, expect, it } from 'vitest';
import { allNames, displayName, normaliseName } from '../../../electron/cache/fhir/index-keys';
import { namesOnFile } from '../../../electron/cache/fhir/mapping';
import { foldName, visibleName } from '../../../shared/domain/names';
import { matches } from '../../../shared/verification/match';

const AHMED = [
  { use: 'official', given: ['Ahmed'], family: 'Al-Hassan' },
  { use: 'official', given: ['أحمد'], family: 'الحسن', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/language', valueCode: 'ar' }] },
  { use: 'usual', given: ['Hamid'] },
  { use: 'maiden', text: 'Ahmed Karimi' },
];

describe('names as stored and as said', () => {
  it('shows and folds a name without bidi overrides, zero-width characters or NUL, keeping the letters', () => {
    expect(visibleName('Ali\u202Ece Se\u0000n')).toBe('Alice Sen');
    expect(visibleName('Ma\u200Bry Jo\u2060nes\uFEFF')).toBe('Mary Jones');
    expect(visibleName('\u2067أحمد الحسن\u2069')).toBe('أحمد الحسن');
    expect(foldName('Jo\u200Dhn  Ó\u200EBrien')).toBe('john obrien');
    expect(foldName("Mary O'Brien")).toBe('mary o brien');
    expect(normaliseName('Ma\u200Bry')).toBe('mary');
    expect(displayName([{ given: ['Ali\u202Ece'], family: 'Sen' }])).toBe('Alice Sen');
  });

  it('a name with invisible characters on file matches the name as shown', () => {
    expect(matches('name', 'Alice Sen', 'Ali\u202Ece Se\u0000n')).toBe(true);
    expect(matches('name', 'Mary Jones', 'Ma\u200Bry Jo\u2060nes')).toBe(true);
    // And the other way round: what the caller types cannot smuggle characters in.
    expect(matches('name', 'Ma\u200Bry Jo\u202Enes', 'Mary Jones')).toBe(true);
  });

  it('compares against every name on file: official in each script, usual, maiden', () => {
    const names = namesOnFile({ resourceType: 'Patient', id: 'p', name: AHMED });
    expect(names).toHaveLength(4);
    expect(matches('name', 'Ahmed Al-Hassan', names)).toBe(true);
    expect(matches('name', 'أحمد الحسن', names)).toBe(true);
    expect(matches('name', 'al hassan ahmed', names)).toBe(true);
    expect(matches('name', 'Hamid Al-Hassan', names)).toBe(true);
    expect(matches('name', 'Ahmed Karimi', names)).toBe(true);
    expect(allNames(AHMED)).toEqual(['Ahmed Al-Hassan', 'أحمد الحسن', 'Hamid', 'Ahmed Karimi']);
  });

  it('accepts a mix of the scripts on file ("Ahmed الحسن"), but not a name that is not on file in any script', () => {
    const names = namesOnFile({ resourceType: 'Patient', id: 'p', name: AHMED });
    expect(matches('name', 'Ahmed الحسن', names)).toBe(true);
    expect(matches('name', 'أحمد Al-Hassan', names)).toBe(true);
    expect(matches('name', 'Ahmed', names)).toBe(false);
    expect(matches('name', 'الحسن', names)).toBe(false);
    expect(matches('name', 'Ahmed Hassan', names)).toBe(false);
    expect(matches('name', 'Mohammed الحسن', names)).toBe(false);
    // Only the Latin form on file: no transliteration is invented.
    const latinOnly = namesOnFile({ resourceType: 'Patient', id: 'q', name: [AHMED[0]!] });
    expect(matches('name', 'أحمد الحسن', latinOnly)).toBe(false);
    expect(matches('name', 'Ahmed Al-Hassan', latinOnly)).toBe(true);
  });

  it('a name given only as text (张无忌) and an old name no longer in use', () => {
    const names = namesOnFile({ resourceType: 'Patient', id: 'c', name: [{ text: '张无忌' }, { use: 'old', given: ['Wuji'], family: 'Zhang' }] });
    expect(matches('name', '张无忌', names)).toBe(true);
    expect(matches('name', 'Wuji Zhang', names)).toBe(false);
  });
});
