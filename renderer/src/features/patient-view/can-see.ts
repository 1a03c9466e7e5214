/** Which sections of the patient view the agent may see: what verification unlocked for the role. */
import { useCurrentPatient } from '../patient/current-patient';
import type { ViewSection } from './sections';

export function useCanSee(): (section: ViewSection) => boolean {
  const visible = useCurrentPatient((s) => s.verification?.visibleSections);
  return (section) => visible?.includes(section) ?? false;
}
