/**
 * Far ends known to mishandle something standard, recognised by their User-Agent (or Server) header.
 *
 * DTMF: Chromium (the app's media) sends each digit's RFC 4733 end packet three times with the same
 * timestamp, as RFC 4733 2.5.1.4 allows. liblinphone (linphone and the phones built on it) counts each
 * copy as a new digit behind the rig's media relay: "1234*#" arrives as "111222333444***###"
 * (test/e2e/linphone.spec.ts). To these, digits go as SIP INFO (application/dtmf-relay), which they
 * count once each. Another phone with the same fault is added here, nowhere else.
 */
const COUNTS_EVERY_RFC4733_END_PACKET = [/\blinphone/i, /\bbelle-sip\//i];

/** Whether DTMF to the far end that identifies itself as `agent` must go as SIP INFO. */
export function dtmfBySipInfo(agent: string | undefined | null): boolean {
  if (!agent) return false;
  const a = agent.slice(0, 300);
  return COUNTS_EVERY_RFC4733_END_PACKET.some((re) => re.test(a));
}
