/**
 * The desk's schedule book over the site's FHIR connection: what it writes (the appointments as the server now holds
 * them) reaches the local cache at once, and the open patient view is told. Null when the site has no connection.
 */
import type { Appointment, FhirResource } from 'fhir/r4';
import type { ServerCopy } from '../ehr/server-copy';
import { type SiteEhr, siteFhirClient } from '../ehr/site-connection';
import { ScheduleBook } from './schedule-book';

export interface DeskScheduleBookOptions {
  link: SiteEhr['link'];
  /** The cache's copy of the server (opened when a write comes back). */
  copy: () => ServerCopy;
  /** Patients whose cached copy the write changed (ids only). */
  onPatientsChanged: (patientIds: string[]) => void;
}

const isAppointment = (r: FhirResource): r is Appointment => r.resourceType === 'Appointment';

export function deskScheduleBook(o: DeskScheduleBookOptions): ScheduleBook | null {
  if (!o.link) return null;
  const client = siteFhirClient(o.link);
  return new ScheduleBook(client, (resources) => {
    // Slots are not kept in the cache: the patient's appointments are what the view shows.
    const { patientIds } = o.copy().apply(resources.filter(isAppointment), 'write-back');
    if (patientIds.length) o.onPatientsChanged(patientIds);
  });
}
