import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import { APP_VERSION } from '../version';

export const appHandlers = (s: Services): Pick<Handlers, 'app.info'> => ({
  'app.info': () => ({
    version: APP_VERSION,
    role: s.appRole,
    transport: s.transport,
    mode: s.mode,
    store: { kind: s.storeKind, encrypted: true, patients: s.store.stats().patients },
    phone: s.phoneStatus(),
    phoneRegion: s.patients.defaultRegion,
  }),
});
