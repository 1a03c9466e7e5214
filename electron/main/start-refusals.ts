/**
 * Why a live desk must not start, said before it starts anything: who is at the desk decides whose phone and whose
 * FHIR access it uses, so a site that signs its users in takes no start-up SIP account, and a desk on the
 * organisation's FHIR server (real patient data) needs its users signed in.
 */
import type { EhrConnection } from '../ehr/connection-settings';

export function startRefusal(o: { signsUsersIn: boolean; startUpSipAccount: boolean; ehr: EhrConnection | null }): string | null {
  if (o.signsUsersIn && o.startUpSipAccount)
    return 'this site signs its users in: a SIP account belongs to the signed-in user (Phone settings after sign-in), and a start-up account (--sip-*) is refused';
  if (o.signsUsersIn || !o.ehr) return null;
  // A test server on this machine (`auth: none`, loopback only) may run without sign-in; a real one may not.
  if (o.ehr.auth.kind === 'smartBackend')
    return "this desk is connected to the organisation's FHIR server: its users must sign in. Set the identity provider first (carefront-admin identity set)";
  if (o.ehr.interactiveAs === 'signedInUser')
    return 'the EHR connection sends interactive requests as the signed-in user, but this site has no identity provider (carefront-admin identity set)';
  return null;
}
