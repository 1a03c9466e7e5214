import { CodedError } from '../../../shared/errors';
import type { Services } from '../services';
import type { Handlers } from '../dispatch';

type EhrChannels = 'ehr.getStatus' | 'ehr.outboxProblems' | 'ehr.outboxRetry' | 'ehr.outboxDismiss';

export const ehrHandlers = (s: Services): Pick<Handlers, EhrChannels> => {
  /** The writes that cannot go; a desk with no FHIR server has none. */
  const problems = () => {
    if (!s.ehr.problems) throw new CodedError('notFound', 'this desk has no EHR connection');
    return s.ehr.problems;
  };
  return {
    'ehr.getStatus': () => s.ehrLink.get(),
    'ehr.outboxProblems': () => s.ehr.problems?.list() ?? [],
    'ehr.outboxRetry': ({ jobId }) => {
      problems().retry(jobId);
      return true;
    },
    'ehr.outboxDismiss': ({ jobId, reason }) => {
      problems().dismiss(jobId, reason, s.actor);
      return true;
    },
  };
};
