import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import { saveWrapUp } from '../services/wrap-up';

export const wrapUpHandlers = (s: Services): Pick<Handlers, 'wrapUp.save'> => ({
  'wrapUp.save': (given) => {
    // The page does not know which call it wraps up (the call has left its list): main does.
    const w = given.callId === null ? { ...given, callId: s.teamwork?.wrappingUp() ?? null } : given;
    if (w.guide) s.guides.checkProgress(w.guide); // every step walked is the guide's, in the guide's order
    const saved = saveWrapUp(
      { patients: s.patients, imports: s.imports, contacts: s.contactRecords, writeBack: s.ehr.writeBack },
      w,
      s.actor,
      new Date(),
      s.verification.confidentialAges(),
    );
    s.worklist.wrapUpSaved(w); // a promised follow-up goes to the team's worklist at once (through the outbox)
    s.verification.workDone(w.callId); // the call's work is over: what it unlocked leaves the screen
    s.teamwork?.contacts.wrapUpSaved(w); // the figures (no notes, no patient) to the team's leads, for their KPIs
    s.teamwork?.care.wrapUpSaved(w); // a hard call: a short reset is offered, the leads are told (kinds and counts only)
    // After-call work is done: the agent is ready for the next caller (if a call can reach them).
    if (s.agent.get().state === 'wrapUp') s.agent.set(s.agent.canBeAvailable() ? 'available' : 'offline');
    return saved;
  },
});
