import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import type { PracticeService } from '../../practice/practice-service';
import { CodedError } from '../../../shared/errors';

type PracticeChannels = 'practice.scenarios' | 'practice.start' | 'practice.reply' | 'practice.state' | 'practice.dismiss' | 'practice.history';

/** Practice channels answer only when the app was started in practice mode. */
export const practiceHandlers = (s: Services): Pick<Handlers, PracticeChannels> => {
  const practice = (): PracticeService => {
    if (!s.practice) throw new CodedError('forbidden', 'Carefront was not started in practice mode');
    return s.practice;
  };
  return {
    'practice.scenarios': () => practice().scenarios(),
    'practice.start': ({ scenarioId, trainee }) => practice().start(scenarioId, trainee),
    'practice.reply': (input) => practice().reply(input),
    'practice.state': () => practice().view(),
    'practice.dismiss': () => practice().dismiss(),
    'practice.history': ({ trainee }) => {
      // Everyone's history is a team lead's review (authorised by role); a trainee asks for their own.
      if (trainee === undefined && s.appRole !== 'teamLead') throw new CodedError('forbidden', "Everyone's practice history is for team leads");
      return practice().history(trainee ?? null);
    },
  };
};
