/** What the agent typed -> a SIP URI: a sip: URI as is, or a phone number normalised to E.164 at the account's domain. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { UserAgent, type URI } from 'sip.js';
import type { SipAccount } from '../../shared/domain/phone';

export function dialTarget(input: string, account: Pick<SipAccount, 'uri' | 'region'>): URI | null {
  const text = input.trim();
  if (text.length > 200) return null;
  const domain = account.uri.replace(/^sips?:[^@]+@/, '');
  if (/^sips?:/.test(text)) {
    return /^sips?:[A-Za-z0-9._~+-]{1,64}@[A-Za-z0-9.-]{1,120}(:\d{1,5})?$/.test(text) ? (UserAgent.makeURI(text) ?? null) : null;
  }
  if (/^[A-Za-z][A-Za-z0-9._~-]{0,63}$/.test(text)) return UserAgent.makeURI(`sip:${text}@${domain}`) ?? null; // an extension name
  if (/^[0-9*#]{2,6}$/.test(text)) return UserAgent.makeURI(`sip:${text}@${domain}`) ?? null; // a short extension
  const phone = parsePhoneNumberFromString(text, account.region as CountryCode);
  if (!phone || !phone.isPossible()) return null;
  return UserAgent.makeURI(`sip:${phone.number}@${domain}`) ?? null;
}
