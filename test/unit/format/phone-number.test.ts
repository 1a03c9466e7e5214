// Phone numbers as the agent reads them: one format per desk region, and nothing reshaped that does not parse.
import { describe, expect, it } from 'vitest';
import { formatPhoneNumber, looksLikeNumber } from '../../../renderer/src/format/phone-number';

describe('formatPhoneNumber', () => {
  it('shows every writing of a number of the desk region in the one national format', () => {
    for (const typed of ['17025713605', '+17025713605', '(702) 571-3605', '702.571.3605', '001 702 571 3605', '＋１７０２５７１３６０５']) {
      expect(formatPhoneNumber(typed, 'US')).toBe('(702) 571-3605');
    }
  });

  it('keeps a made-up 555 number of the region in the national format too', () => {
    expect(formatPhoneNumber('+12025550100', 'US')).toBe('(202) 555-0100');
  });

  it('shows a number of another country in the international format', () => {
    expect(formatPhoneNumber('+442079460958', 'US')).toBe('+44 20 7946 0958');
    expect(formatPhoneNumber('+33142685300', 'US')).toBe('+33 1 42 68 53 00');
    expect(formatPhoneNumber('+17025713605', 'GB')).toBe('+1 702 571 3605');
  });

  it("reads a number without a country code in the desk's own region", () => {
    expect(formatPhoneNumber('020 7946 0958', 'GB')).toBe('020 7946 0958');
    expect(formatPhoneNumber('030 1234567', 'DE')).toBe('030 1234567');
    expect(formatPhoneNumber('+4930 1234567', 'DE')).toBe('030 1234567');
    expect(formatPhoneNumber('010 1234 5678', 'CN')).toBe('010 1234 5678');
    expect(formatPhoneNumber('+966112345678', 'US')).toBe('+966 11 234 5678');
  });

  it('shows what does not parse as it was given, never reshaped', () => {
    for (const raw of ['12', '12345', 'call me maybe', 'sip:alice@example.org', 'ext. 42', '+999 1234', '']) {
      expect(formatPhoneNumber(raw, 'US')).toBe(raw.trim());
    }
    expect(formatPhoneNumber('  12345  ', 'US')).toBe('12345');
  });

  it('does without a region it does not know: international format for what carries a country code', () => {
    expect(formatPhoneNumber('+17025713605', 'XX')).toBe('+1 702 571 3605');
    expect(formatPhoneNumber('7025713605', 'XX')).toBe('7025713605');
  });

  it('tells a dialled number from a SIP name', () => {
    expect(looksLikeNumber('17025713605')).toBe(true);
    expect(looksLikeNumber('+17025713605')).toBe(true);
    expect(looksLikeNumber('agent42')).toBe(false);
    expect(looksLikeNumber('alice')).toBe(false);
  });
});
