import type { Services } from '../services';
import type { Handlers } from '../dispatch';

type WorklistChannels = 'worklist.list' | 'worklist.claim' | 'worklist.release' | 'worklist.complete' | 'worklist.raise';

export const worklistHandlers = (s: Services): Pick<Handlers, WorklistChannels> => ({
  'worklist.list': () => s.worklist.list(),
  'worklist.claim': ({ taskId, version }) => s.worklist.claim(taskId, version),
  'worklist.release': ({ taskId, version }) => s.worklist.release(taskId, version),
  'worklist.complete': ({ taskId, version, outcome }) => s.worklist.complete(taskId, version, outcome),
  /** Gated by the caller's verification, checked against the copy and audited in the worklist service. */
  'worklist.raise': (req) => s.worklist.raise(req),
});
