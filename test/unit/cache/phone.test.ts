import { describe, expect, it } from 'vitest';
import { toE164 } from '../../../electron/cache/phone';

describe('phone numbers to E.164', () => {
  it('reads national formats in the default region and international ones anywhere', () => {
    for (const raw of ['(617) 555-0142', '617-555-0142', '617.555.0142', '6175550142', '+1 617 555 0142', '001 617 555 0142', ' +1 (617) 555-0142 ']) {
      expect(toE164(raw)).toBe('+16175550142');
    }
    expect(toE164('+44 20 7946 0018')).toBe('+442079460018');
  });

  it('uses the configured default region', () => {
    expect(toE164('020 7946 0018', 'GB')).toBe('+442079460018');
    expect(toE164('030 123456', 'DE')).toBe('+4930123456');
    expect(toE164('01 23 45 67 89', 'FR')).toBe('+33123456789');
  });

  it('reads a + country code in any written form: trunk (0), dots, dashes, tel:, 00, full-width digits and plus', () => {
    for (const raw of [
      '+31 (0)20 123 4567',
      '+31-20-123-4567',
      '+31.20.123.4567',
      'tel:+31201234567',
      '0031 20 123 4567',
      '＋３１ ２０ １２３ ４５６７',
      '+31\u00A020\u00A0123\u00A04567',
    ])
      expect(toE164(raw), raw).toBe('+31201234567');
  });

  it('rejects what cannot be a phone number', () => {
    for (const raw of ['', '12', 'hello', '+1 617', '123456789012345678901234567890']) expect(toE164(raw)).toBeNull();
  });
});
