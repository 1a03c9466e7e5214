import type { Services } from '../services';
import type { Handlers } from '../dispatch';

export const knowledgeHandlers = (s: Services): Pick<Handlers, 'knowledge.search' | 'knowledge.suggest' | 'knowledge.open'> => ({
  'knowledge.search': (args) => s.knowledge.search(args),
  'knowledge.suggest': (args) => s.knowledge.suggest(args),
  'knowledge.open': (args) => s.knowledge.open(args),
});
