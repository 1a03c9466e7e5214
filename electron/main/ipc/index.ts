/** Every channel of the contract gets exactly one handler; TypeScript fails the build if one is missing. */
import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import { agentHandlers } from './agent';
import { appHandlers } from './app';
import { patientHandlers } from './patients';
import { settingsHandlers } from './settings';
import { wrapUpHandlers } from './wrap-up';
import { phoneHandlers } from './phone';
import { practiceHandlers } from './practice';
import { boardHandlers } from './board';
import { ehrHandlers } from './ehr';
import { worklistHandlers } from './worklist';
import { schedulingHandlers } from './scheduling';

export function buildHandlers(s: Services): Handlers {
  return {
    ...appHandlers(s),
    ...agentHandlers(s),
    ...patientHandlers(s),
    ...settingsHandlers(s),
    ...wrapUpHandlers(s),
    ...phoneHandlers(s),
    ...practiceHandlers(s),
    ...boardHandlers(s),
    ...ehrHandlers(s),
    ...worklistHandlers(s),
    ...schedulingHandlers(s),
  };
}
