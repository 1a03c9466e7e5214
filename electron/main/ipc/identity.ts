import type { Services } from '../services';
import type { Handlers } from '../dispatch';

/** Who is at the desk: what the page may see of the session, the sign-in (system browser) and the sign-out. */
export const identityHandlers = (s: Services): Pick<Handlers, 'identity.status' | 'identity.signIn' | 'identity.signOut' | 'identity.lock'> => ({
  'identity.status': () => s.identity.status(),
  'identity.signIn': () => s.identity.signIn(),
  'identity.signOut': () => s.identity.signOut(),
  'identity.lock': () => s.identity.lock(),
});
