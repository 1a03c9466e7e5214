/**
 * Which sections of the patient view the agent may see right now. Until the caller is verified
 * (the identity checklist), every protected section stays masked.
 */
import type { ViewSection } from './sections';

export function useCanSee(): (section: ViewSection) => boolean {
  return () => false;
}
