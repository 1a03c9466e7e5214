import type { Services } from '../services';
import type { Handlers } from '../dispatch';

export const ehrHandlers = (s: Services): Pick<Handlers, 'ehr.getStatus'> => ({
  'ehr.getStatus': () => s.ehrLink.get(),
});
