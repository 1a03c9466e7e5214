import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import { CodedError } from '../../../shared/errors';

/** Not-ready reasons (every desk) and the time in each (a team lead's desk). */
export const notReadyHandlers = (s: Services): Pick<Handlers, 'agent.notReadyReasons' | 'board.notReadyTimes'> => ({
  'agent.notReadyReasons': () => [...s.agent.reasons.all],
  'board.notReadyTimes': () => {
    if (s.appRole !== 'teamLead' || !s.teamwork) throw new CodedError('forbidden', 'The team board is for team leads');
    return s.teamwork.notReadyTimes.report();
  },
});
