/**
 * How deep a parsed JSON value nests, measured without recursion (a hostile file can nest far deeper
 * than the call stack; JSON.parse copes, but every recursive walk after it would throw RangeError).
 */

/** No FHIR resource the cache keeps comes near this: extensions of extensions stay under twenty. */
export const MAX_RESOURCE_DEPTH = 100;

export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

export const tooDeepReason = (): string => `nested deeper than ${MAX_RESOURCE_DEPTH} levels`;
