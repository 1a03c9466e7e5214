import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import { saveWrapUp } from '../services/wrap-up';

export const wrapUpHandlers = (s: Services): Pick<Handlers, 'wrapUp.save'> => ({
  'wrapUp.save': (given) => {
    // The page does not know which call it wraps up (the call has left its list): main does.
    const w = given.callId === null ? { ...given, callId: s.teamwork?.wrappingUp() ?? null } : given;
    const saved = saveWrapUp(s.cache, w, s.actor);
    s.teamwork?.contacts.wrapUpSaved(w); // the figures (no notes, no patient) to the team's leads, for their KPIs
    // After-call work is done: the agent is ready for the next caller.
    if (s.agent.get().state === 'wrapUp') s.agent.set('available');
    return saved;
  },
});
