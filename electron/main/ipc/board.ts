import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import { CodedError } from '../../../shared/errors';
import { teamKpis } from '../services/kpi';

type BoardChannels = 'board.get' | 'alerts.list' | 'alerts.acknowledge' | 'alerts.followUp' | 'monitor.start' | 'monitor.setMode' | 'monitor.stop' | 'monitor.list' | 'kpi.report';

/** The board and alerts answer only on a team lead's desktop (authorised by role). */
function requireLead(s: Services): void {
  if (s.appRole !== 'teamLead') throw new CodedError('forbidden', 'The team board is for team leads');
}

export const boardHandlers = (s: Services): Pick<Handlers, BoardChannels> => ({
  'board.get': () => (requireLead(s), { team: s.team.name, rows: s.board.list() }),
  'alerts.list': () => (requireLead(s), s.alerts.list()),
  'alerts.acknowledge': ({ id }) => (requireLead(s), s.alerts.acknowledge(id)),
  'alerts.followUp': async ({ id, action }) => {
    requireLead(s);
    const alert = s.alerts.get(id);
    if (!alert) throw new CodedError('notFound', 'No such alert');
    // Stepping into the call from the alert: the session starts first, then the follow-up is recorded.
    if (action !== 'resolved') await s.monitor.start(alert.agent, action);
    return s.alerts.followUp(id, action);
  },
  'monitor.start': ({ agent, mode }) => s.monitor.start(agent, mode),
  'monitor.setMode': ({ callId, mode }) => s.monitor.setMode(callId, mode),
  'monitor.stop': ({ callId }) => s.monitor.stop(callId),
  'monitor.list': () => (requireLead(s), s.monitor.list()),
  'kpi.report': ({ from, to }) => (requireLead(s), teamKpis(s.cache, new Date(from).toISOString(), new Date(to).toISOString(), s.thresholds.serviceLevel, s.actor)),
});
