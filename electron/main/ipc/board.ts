import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import { CodedError } from '../../../shared/errors';

type BoardChannels = 'board.get' | 'alerts.list' | 'alerts.acknowledge' | 'alerts.followUp';

/** The board and alerts answer only on a team lead's desktop (authorised by role). */
function requireLead(s: Services): void {
  if (s.appRole !== 'teamLead') throw new CodedError('forbidden', 'The team board is for team leads');
}

export const boardHandlers = (s: Services): Pick<Handlers, BoardChannels> => ({
  'board.get': () => (requireLead(s), { team: s.team.name, rows: s.board.list() }),
  'alerts.list': () => (requireLead(s), s.alerts.list()),
  'alerts.acknowledge': ({ id }) => (requireLead(s), s.alerts.acknowledge(id)),
  'alerts.followUp': ({ id, action }) => (requireLead(s), s.alerts.followUp(id, action)),
});
