/** The phone number formatter of this desk: national format for the store's own region, international for the rest. */
import { useApp } from '../app/app-store';
import { formatPhoneNumber, looksLikeNumber } from './phone-number';

/** The region assumed until the app's info arrives (the demo data and most sites' numbers are North American). */
const REGION_BEFORE_INFO = 'US';

export function usePhoneNumber(): (raw: string) => string {
  const region = useApp((s) => s.info?.phoneRegion ?? REGION_BEFORE_INFO);
  return (raw) => formatPhoneNumber(raw, region);
}

/** A call's far end as the agent reads it: a dialled number in the desk's one format, a SIP name ("agent42") as it is. */
export function useSipUser(): (user: string) => string {
  const phoneNumber = usePhoneNumber();
  return (user) => (looksLikeNumber(user) ? phoneNumber(user) : user);
}
