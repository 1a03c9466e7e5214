/**
 * The author's check of a scenario's conversation graph: every turn is reachable from the start, and
 * from every turn some path of branches reaches an ending (no caller stuck forever). Reports each
 * problem as `turns.<id>: reason`, and counts the distinct start-to-end paths walked.
 */
import type { Scenario } from './schema';

export interface WalkResult {
  errors: string[];
  endings: string[];
  /** Distinct simple paths from the start to an ending (capped). */
  paths: number;
}

const PATH_CAP = 100_000;

export function walkScenario(scenario: Scenario): WalkResult {
  const errors: string[] = [];
  const targets = (id: string) => [...new Set(scenario.turns[id]?.next.map((b) => b.goto) ?? [])];

  const reachable = new Set<string>([scenario.start]);
  const queue = [scenario.start];
  while (queue.length) for (const t of targets(queue.shift()!)) if (!reachable.has(t)) (reachable.add(t), queue.push(t));
  for (const id of Object.keys(scenario.turns)) if (!reachable.has(id)) errors.push(`turns.${id}: cannot be reached from the start (${scenario.start})`);

  // Backwards from the endings: which turns can finish.
  const endings = Object.entries(scenario.turns).filter(([, t]) => t.end).map(([id]) => id);
  const canFinish = new Set(endings);
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of Object.keys(scenario.turns)) {
      if (!canFinish.has(id) && targets(id).some((t) => canFinish.has(t))) (canFinish.add(id), (changed = true));
    }
  }
  for (const id of reachable) if (!canFinish.has(id)) errors.push(`turns.${id}: no path from here reaches an ending`);
  if (endings.length === 0) errors.push('turns: no turn ends the call');

  let paths = 0;
  const walk = (id: string, seen: Set<string>) => {
    if (paths >= PATH_CAP) return;
    if (scenario.turns[id]?.end) return void paths++;
    for (const t of targets(id)) if (!seen.has(t)) walk(t, new Set(seen).add(t));
  };
  walk(scenario.start, new Set([scenario.start]));
  return { errors, endings, paths };
}
