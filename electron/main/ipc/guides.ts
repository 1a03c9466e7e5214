import type { Services } from '../services';
import type { Handlers } from '../dispatch';

export const guideHandlers = (s: Services): Pick<Handlers, 'guides.get'> => ({
  'guides.get': ({ reason, language }) => s.guides.get(reason, language),
});
