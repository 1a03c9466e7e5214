// What the agent types in the dial box becomes a SIP URI: numbers in E.164 (with the account's
// region), extensions and names at the account's domain, sip: URIs as they are; nonsense refused.
import { describe, expect, it } from 'vitest';
import { dialTarget } from '../../../electron/softphone/dial-target';

const account = { uri: 'sip:agent42@pbx.example.org', region: 'US' };
const dial = (s: string) => dialTarget(s, account)?.toString() ?? null;

describe('dial targets', () => {
  it('normalises phone numbers to E.164 at the account domain', () => {
    expect(dial('(617) 555-0100')).toBe('sip:+16175550100@pbx.example.org');
    expect(dial('+44 20 7946 0958')).toBe('sip:+442079460958@pbx.example.org');
    expect(dialTarget('020 7946 0958', { ...account, region: 'GB' })?.toString()).toBe('sip:+442079460958@pbx.example.org');
  });

  it('keeps extensions, names and SIP URIs', () => {
    expect(dial('4021')).toBe('sip:4021@pbx.example.org');
    expect(dial('nurse-triage')).toBe('sip:nurse-triage@pbx.example.org');
    expect(dial('sip:crisis@partner.example.net')).toBe('sip:crisis@partner.example.net');
  });

  it('refuses what cannot be dialled', () => {
    for (const bad of ['call me maybe', '1', 'sip:nobody', 'sip:a@b;evil=<script>', 'x'.repeat(300), '+1 555']) expect(dial(bad), bad).toBeNull();
  });
});
