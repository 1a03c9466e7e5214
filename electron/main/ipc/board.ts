import type { Services, Teamwork } from '../services';
import type { Handlers } from '../dispatch';
import { CodedError } from '../../../shared/errors';
import { sourcedTeamKpis } from '../services/team-kpis';

type BoardChannels =
  'board.get' | 'alerts.list' | 'alerts.acknowledge' | 'alerts.followUp' | 'monitor.start' | 'monitor.setMode' | 'monitor.stop' | 'monitor.list' | 'kpi.report';

/** The team around a live desk (practice mode has none). */
function teamworkOf(s: Services): Teamwork {
  if (!s.teamwork) throw new CodedError('forbidden', 'Practice mode has no team');
  return s.teamwork;
}

/** The board and alerts answer only on a team lead's desktop (authorised by role). */
function lead(s: Services): Teamwork {
  if (s.appRole !== 'teamLead') throw new CodedError('forbidden', 'The team board is for team leads');
  return teamworkOf(s);
}

export const boardHandlers = (s: Services): Pick<Handlers, BoardChannels> => ({
  'board.get': () => {
    const t = lead(s);
    return { team: t.team.name, rows: t.board.list() };
  },
  'alerts.list': () => lead(s).alerts.list(),
  'alerts.acknowledge': ({ id }) => lead(s).alerts.acknowledge(id),
  'alerts.followUp': async ({ id, action }) => {
    const t = lead(s);
    const alert = t.alerts.get(id);
    if (!alert) throw new CodedError('notFound', 'No such alert');
    // Stepping into the call from the alert: the session starts first, then the follow-up is recorded.
    if (action !== 'resolved') await t.monitor.start(alert.agent, action);
    return t.alerts.followUp(id, action);
  },
  // The monitor service itself refuses a desk that is not a lead's.
  'monitor.start': ({ agent, mode }) => teamworkOf(s).monitor.start(agent, mode),
  'monitor.setMode': ({ callId, mode }) => teamworkOf(s).monitor.setMode(callId, mode),
  'monitor.stop': ({ callId }) => teamworkOf(s).monitor.stop(callId),
  'monitor.list': () => lead(s).monitor.list(),
  'kpi.report': ({ from, to }) => {
    const t = lead(s);
    return sourcedTeamKpis(s.teamData, s.contactRecords, {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      serviceLevel: t.thresholds.serviceLevel,
      actor: s.actor,
      ownSipUser: t.sipUser(),
      team: t.team,
    });
  },
});
