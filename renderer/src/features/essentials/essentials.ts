/**
 * What the essentials strip says about the open patient, derived from what the page already holds: the view main
 * sent (masked by verification), the verification state it pushes, and the team's worklist. Nothing here asks main
 * for more.
 */
import type { AppointmentView } from '../../../../shared/domain/patient';
import type { WorklistItem, WorklistView } from '../../../../shared/domain/worklist';
import type { Identifier } from '../../../../shared/verification/policy';
import type { VerificationState } from '../../../../shared/verification/state';

/** Appointment statuses that no longer happen: a cancelled or missed visit is not the next one. */
const NOT_HAPPENING = new Set(['cancelled', 'noshow', 'entered-in-error', 'fulfilled']);

/** The earliest appointment still to come (its start at or after `now`), or null when there is none. */
export function nextAppointment(appointments: readonly AppointmentView[], now: Date): AppointmentView | null {
  let next: AppointmentView | null = null;
  let nextAt = Infinity;
  for (const a of appointments) {
    if (!a.start || NOT_HAPPENING.has(a.status)) continue;
    const at = Date.parse(a.start);
    if (Number.isNaN(at) || at < now.getTime() || at >= nextAt) continue;
    next = a;
    nextAt = at;
  }
  return next;
}

/** This patient's items on the team's worklist, in the list's own order (overdue first, then by due time). */
export function openTasksFor(view: WorklistView | null, patientId: string): WorklistItem[] {
  if (!view?.configured) return [];
  return view.items.filter((i) => i.patient?.id === patientId);
}

/** How the caller was verified: the identifiers that matched (in the checklist's order) and who is calling. */
export interface VerifiedHow {
  status: VerificationState['status'];
  matched: Identifier[];
  /** A proxy calling for the patient: their relationship as on file (null when it is not known). */
  proxy: { relationship: string | null } | null;
}

export function verifiedHow(verification: VerificationState | null): VerifiedHow {
  if (!verification) return { status: 'unverified', matched: [], proxy: null };
  const matched = verification.identifiers.filter((id) => verification.results[id] === 'match');
  const caller = verification.caller;
  return { status: verification.status, matched, proxy: caller.kind === 'proxy' ? { relationship: caller.relationship } : null };
}
