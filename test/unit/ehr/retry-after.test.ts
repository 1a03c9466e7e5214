import { describe, expect, it } from 'vitest';
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
