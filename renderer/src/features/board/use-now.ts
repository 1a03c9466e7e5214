import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` (one timer for the whole board, not one per row). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => {
      setNow(Date.now());
    }, everyMs);
    return () => {
      window.clearInterval(t);
    };
  }, [everyMs]);
  return now;
}
