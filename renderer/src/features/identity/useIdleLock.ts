/**
 * The desk locks itself after the site's idle time (identity.status's autoLockSeconds): no key, no pointer, and no
 * call on the desk — the idle clock does not run while a call is up. Locking asks main (identity.lock), which drops
 * the session; the page then starts again with nothing of the user in it, on the screen that unlocks by signing in.
 */
import { useEffect } from 'react';
import { usePhone } from '../phone/store';
import { useIdentity } from './store';

/** How often the idle clock is looked at (the lock comes at most this late). */
const LOOK_EVERY_MS = 1_000;
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useIdleLock(): void {
  const seconds = useIdentity((s) => (s.status?.session ? s.status.autoLockSeconds : null));
  useEffect(() => {
    if (seconds === null) return;
    let last = Date.now();
    const active = () => {
      last = Date.now();
    };
    for (const e of ACTIVITY) window.addEventListener(e, active, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      // A call on the desk (ringing, talking, on hold) is work: the clock starts again when it is over.
      if (Object.keys(usePhone.getState().calls).length > 0) last = Date.now();
      else if (Date.now() - last >= seconds * 1000) void useIdentity.getState().lock();
    }, LOOK_EVERY_MS);
    return () => {
      window.clearInterval(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, active, { capture: true });
    };
  }, [seconds]);
}
