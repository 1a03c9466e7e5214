/**
 * The desk's schedule book over the site's FHIR connection (as the signed-in user when the site says so): what it writes (the appointments as the server now holds
 * them) reaches the local cache at once, and the open patient view is told. Null when the site has no connection.
 */
import type { Appointment, FhirResource } from 'fhir/r4';
import type { ServerCopy } from '../ehr/server-copy';
import { type SiteEhr, interactiveFhirClient } from '../ehr/site-connection';
import type { UserAccess } from '../main/desk-identity';
import { ScheduleBook } from './schedule-book';

export interface DeskScheduleBookOptions {
  link: SiteEhr['link'];
  /** The signed-in user's access (null at a site without sign-in): the requests go as them when the site says so. */
  user: UserAccess | null;
  /** The cache's copy of the server (opened when a write comes back). */
  copy: () => ServerCopy;
  /** Patients whose cached copy the write changed (ids only). */
  onPatientsChanged: (patientIds: string[]) => void;
}

const isAppointment = (r: FhirResource): r is Appointment => r.resourceType === 'Appointment';

export function deskScheduleBook(o: DeskScheduleBookOptions): ScheduleBook | null {
  if (!o.link) return null;
  const client = interactiveFhirClient(o.link, o.user);
  return new ScheduleBook(client, (resources) => {
    // Slots are not kept in the cache: the patient's appointments are what the view shows.
    const { patientIds } = o.copy().apply(resources.filter(isAppointment), 'write-back');
    if (patientIds.length) o.onPatientsChanged(patientIds);
  });
}
