import type { Services } from '../services';
import type { Handlers } from '../dispatch';

type SchedulingChannels = 'schedule.findSlots' | 'schedule.book' | 'schedule.reschedule' | 'schedule.cancel';

/** Gated by the caller's verification and audited in the scheduling service. */
export const schedulingHandlers = (s: Services): Pick<Handlers, SchedulingChannels> => ({
  'schedule.findSlots': ({ patientId, query }) => s.scheduling.findSlots(patientId, query),
  'schedule.book': (req) => s.scheduling.book(req),
  'schedule.reschedule': (req) => s.scheduling.reschedule(req),
  'schedule.cancel': (req) => s.scheduling.cancel(req),
});
