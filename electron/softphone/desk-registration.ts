/**
 * The desk's SIP instance id in its registration, so that a desk has exactly one binding at the
 * registrar. sip.js makes up a new Contact for every user agent, so a desk whose phone restarted
 * without its un-REGISTER reaching the server (the machine vanished from the network, the app was
 * killed) registered a second binding beside the old one; the server then forked every call to both,
 * and a caller the desk declined waited for the dead branch to time out.
 *
 * With the same `+sip.instance` and `reg-id` in every REGISTER of the desk (RFC 5626 4.2, 6), the
 * registrar replaces the binding of that instance instead of adding one (measured with Kamailio).
 * The instance id goes in REGISTER only, never in the Contact of calls: it is a persistent identifier
 * of the desk, and the far end of a call has no use for it (RFC 5627 9).
 */
import type { RegistererOptions, UserAgentOptions } from 'sip.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DeskRegistration {
  userAgent: Pick<UserAgentOptions, 'instanceId' | 'instanceIdAlwaysAdded'>;
  registerer: Pick<RegistererOptions, 'regId'>;
}

/** No instance id: sip.js's defaults (a random instance, none in the Contact). */
export function deskRegistration(instanceId: string | undefined): DeskRegistration {
  if (instanceId === undefined) return { userAgent: {}, registerer: {} };
  if (!UUID.test(instanceId)) throw new Error('The SIP instance id must be a UUID');
  // One flow per desk: reg-id 1 (RFC 5626 4.2); sip.js takes the instance from the user agent.
  return { userAgent: { instanceId: instanceId.toLowerCase(), instanceIdAlwaysAdded: false }, registerer: { regId: 1 } };
}
