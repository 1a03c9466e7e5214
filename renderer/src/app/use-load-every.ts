import { useEffect } from 'react';

/** Loads once when mounted, then again every `everyMs` (none while it is null), until unmounted. */
export function useLoadEvery(load: () => Promise<unknown>, everyMs: number | null): void {
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!everyMs) return;
    const timer = setInterval(() => void load(), everyMs);
    return () => {
      clearInterval(timer);
    };
  }, [load, everyMs]);
}
