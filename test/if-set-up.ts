/**
 * Clean-up for a resource a beforeAll may not have reached: when set-up fails half-way, the later
 * variables are still unset (whatever their declared type says), and afterAll must stop only what
 * was started. Returns what `stop` returns (a promise to await), or undefined when there was nothing.
 */
export function ifSetUp<T, R>(resource: T | undefined, stop: (resource: T) => R): R | undefined {
  return resource === undefined ? undefined : stop(resource);
}
