/**
 * Runs synchronous work behind an asynchronous interface, as an async function would: its result
 * resolves the promise, and what it throws rejects it (never thrown at the caller).
 */
export function settled<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(work());
  });
}
