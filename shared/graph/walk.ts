/**
 * The author's walk of a branching graph, shared by the practice scenarios and the call guides: which nodes the
 * start reaches, which reached nodes can never finish (a dead end, or a loop without an exit), and how many simple
 * paths lead from the start to an ending. The caller says how its nodes link (`targets`) and which ones end.
 */
export interface GraphWalk {
  /** Nodes the start never reaches, in the order given. */
  unreachable: string[];
  /** Reached nodes from which no path reaches an ending (a dead end or a cycle without an exit). */
  stuck: string[];
  /** Distinct simple paths from the start to an ending (capped at `pathCap`). */
  paths: number;
}

export interface Graph {
  start: string;
  nodes: readonly string[];
  targets: (id: string) => readonly string[];
  isEnd: (id: string) => boolean;
}

const PATH_CAP = 100_000;

export function walkGraph(g: Graph, pathCap = PATH_CAP): GraphWalk {
  const targets = (id: string) => [...new Set(g.targets(id))];

  const reachable = new Set<string>([g.start]);
  const queue = [g.start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const t of targets(id)) {
      if (reachable.has(t)) continue;
      reachable.add(t);
      queue.push(t);
    }
  }

  // Backwards from the endings: which nodes can finish.
  const canFinish = new Set(g.nodes.filter((id) => g.isEnd(id)));
  for (let changed = true; changed;) {
    changed = false;
    for (const id of g.nodes) {
      if (!canFinish.has(id) && targets(id).some((t) => canFinish.has(t))) {
        canFinish.add(id);
        changed = true;
      }
    }
  }

  let paths = 0;
  const walk = (id: string, seen: Set<string>) => {
    if (paths >= pathCap) return;
    if (g.isEnd(id)) {
      paths++;
      return;
    }
    for (const t of targets(id)) if (!seen.has(t)) walk(t, new Set(seen).add(t));
  };
  walk(g.start, new Set([g.start]));

  return {
    unreachable: g.nodes.filter((id) => !reachable.has(id)),
    stuck: [...reachable].filter((id) => !canFinish.has(id)),
    paths,
  };
}
