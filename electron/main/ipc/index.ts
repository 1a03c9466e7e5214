/**
 * Every channel of the contract gets exactly one handler; TypeScript fails the build if one is missing.
 * Each runs only when the desk's user may use its channel now (desk-access.ts).
 */
import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import type { ChannelName } from '../../../shared/ipc/contract';
import { admit } from '../desk-access';
import { agentHandlers } from './agent';
import { appHandlers } from './app';
import { identityHandlers } from './identity';
import { patientHandlers } from './patients';
import { settingsHandlers } from './settings';
import { wrapUpHandlers } from './wrap-up';
import { phoneHandlers } from './phone';
import { practiceHandlers } from './practice';
import { boardHandlers } from './board';
import { ehrHandlers } from './ehr';
import { worklistHandlers } from './worklist';
import { schedulingHandlers } from './scheduling';
import { guideHandlers } from './guides';
import { notReadyHandlers } from './not-ready';
import { knowledgeHandlers } from './knowledge';

export function buildHandlers(s: Services): Handlers {
  const handlers: Handlers = {
    ...appHandlers(s),
    ...identityHandlers(s),
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
    ...guideHandlers(s),
    ...notReadyHandlers(s),
    ...knowledgeHandlers(s),
  };
  return guarded(s, handlers);
}

/** The same handlers, each behind the desk's access check. */
function guarded(s: Services, handlers: Handlers): Handlers {
  const entries = (Object.keys(handlers) as ChannelName[]).map((channel) => {
    const handler = handlers[channel] as (args: unknown, caller: unknown) => unknown;
    const checked = (args: unknown, caller: unknown): unknown => {
      admit(s.identity, s.mode, channel);
      return handler(args, caller);
    };
    return [channel, checked] as const;
  });
  return Object.fromEntries(entries) as Handlers;
}
