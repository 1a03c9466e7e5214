/**
 * What the knowledge base's suggestions follow on this call: the reason the agent picked, the current patient's
 * next appointment type (when the view main allowed shows appointments), the categories of their active flags,
 * and an escalation in progress. Only these generic values leave the page: no name, no identifier.
 */
import type { PatientSummary } from '../../../../shared/domain/patient';
import type { CallReason } from '../../../../shared/domain/call-reasons';
import type { Escalation } from '../../../../shared/escalation/targets';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import { AppointmentTypeSchema, FlagCategorySchema } from '../../../../shared/knowledge/article';
import type { SuggestContext } from './store';

interface CallContext {
  language: LanguageCode;
  reason: CallReason | null;
  summary: PatientSummary | null;
  escalation: Escalation | null;
  now: Date;
}

/** The service type of the patient's next appointment still to come (null when none is shown). */
function nextAppointmentType(summary: PatientSummary | null, now: Date): string | null {
  const next = (summary?.appointments ?? [])
    .filter((a) => a.start && new Date(a.start) >= now && a.status !== 'cancelled')
    .sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''))[0];
  const parsed = AppointmentTypeSchema.safeParse(next?.serviceType ?? '');
  return parsed.success ? parsed.data : null;
}

export function suggestContext({ language, reason, summary, escalation, now }: CallContext): SuggestContext {
  const categories = (summary?.flags ?? []).filter((f) => f.status === 'active').map((f) => FlagCategorySchema.safeParse(f.category));
  const flags = [...new Set(categories.flatMap((c) => (c.success ? [c.data] : [])))];
  const appointmentType = nextAppointmentType(summary, now);
  return {
    language,
    ...(reason ? { callReason: reason } : {}),
    ...(appointmentType ? { appointmentType } : {}),
    ...(flags.length ? { flags } : {}),
    ...(escalation ? { escalation } : {}),
  };
}
