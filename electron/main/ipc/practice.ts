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
    'practice.history': async ({ trainee }) => {
      // Everyone's history is a team lead's review (authorised by role); a trainee asks for their own.
      const lead = s.appRole === 'teamLead';
      if (trainee === undefined && !lead) throw new CodedError('forbidden', "Everyone's practice history is for team leads");
      const desk = practice();
      const local = () => desk.history(trainee ?? null);
      // A trainee's own history is this desk's; a lead reviews every trainee's from the site's FHIR server when it has one.
      if (!lead) return { attempts: local(), source: { kind: 'local' } as const };
      const { value, source } = await s.teamData.read(
        (reader) => reader.practiceAttempts(trainee ?? null),
        (attempts) => attempts,
        local,
      );
      return { attempts: value, source };
    },
  };
};
