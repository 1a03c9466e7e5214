import type { Services } from '../services';
import type { Handlers } from '../dispatch';

export const agentHandlers = (s: Services): Pick<Handlers, 'agent.getStatus' | 'agent.setState' | 'agent.myDay'> => ({
  'agent.getStatus': () => s.agent.get(),
  'agent.setState': ({ state, reason }) => s.agent.choose(state, reason),
  'agent.myDay': () => s.myDay.today(),
});
