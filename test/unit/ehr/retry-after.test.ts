import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../electron/ehr/bulk-export';
import { MAX_RETRY_AFTER_MS, retryAfterMs } from '../../../electron/ehr/fhir-error';
import { writeKindOf, RECORD_KIND_SYSTEM } from '../../../electron/ehr/write-back-mapping';

describe('Retry-After', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it('reads delay-seconds and an HTTP-date, bounded', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('Mon, 07 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('99999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });
  it('ignores what it cannot read', () => {
    for (const bad of [null, '', '-5', '1.5', 'soon', '10; drop']) expect(retryAfterMs(bad, now)).toBeUndefined();
  });
  it('bounds an HTTP-date far ahead, reads spaces around a value, refuses a date in another form or zone', () => {
    expect(retryAfterMs('Thu, 07 Dec 2028 10:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs(' 5 ', now)).toBe(5000);
    for (const bad of ['2026-12-07T10:00:30Z', 'Mon, 07 Dec 2026 10:00:30 +0100', 'Monday, 07-Dec-26 10:00:30 GMT', '12345678901'])
      expect(retryAfterMs(bad, now)).toBeUndefined();
  });
  it('the bulk export poll reads it the same way (one parser)', () => {
    for (const v of ['120', 'Mon, 07 Dec 2026 10:00:30 GMT', '99999999', 'soon', null]) expect(parseRetryAfter(v, now)).toBe(retryAfterMs(v, now) ?? null);
  });
});

describe('the kind of a written record', () => {
  it('is read from its meta.tag, and only a kind this desk knows', () => {
    expect(
      writeKindOf({
        meta: { tag: [{ system: RECORD_KIND_SYSTEM, code: 'wrap-up' }] },
      }),
    ).toBe('wrap-up');
    expect(
      writeKindOf({
        meta: { tag: [{ system: RECORD_KIND_SYSTEM, code: 'other' }] },
      }),
    ).toBeNull();
    expect(writeKindOf({ meta: { tag: 'x' } })).toBeNull();
    expect(writeKindOf(null)).toBeNull();
  });
});
