// The project's FHIR extensions: built and read in one place, typed, and forgiving of nothing.
import { describe, expect, it } from 'vitest';
import {
  booleanValue,
  CAREFRONT_EXTENSIONS,
  codeValue,
  complexExtension,
  dateTimeValue,
  findExtension,
  hasTrueExtension,
  integerValue,
  INTERPRETER_REQUIRED_URL,
  readComplexExtension,
  simpleExtension,
  stringValue,
} from '../../../electron/cache/fhir/extensions';

describe('FHIR extensions', () => {
  it('builds a complex extension with one typed value per field, in order, leaving out absent fields', () => {
    expect(
      complexExtension(CAREFRONT_EXTENSIONS.wrapUp, {
        disposition: codeValue('resolved'),
        callId: stringValue('c-1'),
        followUpAt: null,
        survey: booleanValue(false),
        afterCallSeconds: integerValue(0),
        skipped: undefined,
        at: dateTimeValue('2030-01-01T10:00:00Z'),
      }),
    ).toEqual({
      url: 'urn:carefront:wrap-up',
      extension: [
        { url: 'disposition', valueCode: 'resolved' },
        { url: 'callId', valueString: 'c-1' },
        { url: 'survey', valueBoolean: false },
        { url: 'afterCallSeconds', valueInteger: 0 },
        { url: 'at', valueDateTime: '2030-01-01T10:00:00Z' },
      ],
    });
    expect(simpleExtension(INTERPRETER_REQUIRED_URL, booleanValue(true))).toEqual({ url: INTERPRETER_REQUIRED_URL, valueBoolean: true });
  });

  it('reads back what it built, each field only with the type asked for', () => {
    const resource = {
      resourceType: 'Communication',
      extension: [
        { url: 'urn:other', extension: [{ url: 'callId', valueString: 'not this one' }] },
        complexExtension(CAREFRONT_EXTENSIONS.surveyResponse, {
          callId: stringValue('c-9'),
          score: integerValue(4),
          done: booleanValue(true),
          at: dateTimeValue('2030-01-02'),
        }),
      ],
    };
    const f = readComplexExtension(resource, CAREFRONT_EXTENSIONS.surveyResponse)!;
    expect([f.string('callId'), f.integer('score'), f.boolean('done'), f.dateTime('at')]).toEqual(['c-9', 4, true, '2030-01-02']);
    // The wrong type or a missing field reads as nothing, never as a converted value.
    expect([f.integer('callId'), f.string('score'), f.code('callId'), f.string('missing'), f.boolean('score')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(findExtension(resource, 'urn:other')).toEqual(resource.extension[0]);
  });

  it('a resource without the extension, or malformed, reads as none', () => {
    expect(readComplexExtension({ resourceType: 'Communication' }, CAREFRONT_EXTENSIONS.wrapUp)).toBeNull();
    expect(readComplexExtension({ extension: 'nonsense' }, CAREFRONT_EXTENSIONS.wrapUp)).toBeNull();
    expect(readComplexExtension(null, CAREFRONT_EXTENSIONS.wrapUp)).toBeNull();
    const odd = readComplexExtension(
      { extension: [{ url: CAREFRONT_EXTENSIONS.wrapUp, extension: [null, 7, { url: 'n', valueInteger: 1.5 }] }] },
      CAREFRONT_EXTENSIONS.wrapUp,
    )!;
    expect(odd.integer('n')).toBeUndefined();
  });

  it('a true simple extension is only a boolean true', () => {
    expect(hasTrueExtension({ extension: [{ url: INTERPRETER_REQUIRED_URL, valueBoolean: true }] }, INTERPRETER_REQUIRED_URL)).toBe(true);
    expect(hasTrueExtension({ extension: [{ url: INTERPRETER_REQUIRED_URL, valueBoolean: 'true' }] }, INTERPRETER_REQUIRED_URL)).toBe(false);
    expect(hasTrueExtension({ extension: [{ url: INTERPRETER_REQUIRED_URL, valueBoolean: false }] }, INTERPRETER_REQUIRED_URL)).toBe(false);
    expect(hasTrueExtension({}, INTERPRETER_REQUIRED_URL)).toBe(false);
  });
});
