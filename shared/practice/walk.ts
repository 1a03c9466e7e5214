/**
 * The author's check of a scenario's conversation: every turn is reachable from the start; from
 * every turn some path reaches an ending (no caller stuck forever); and, driving the real engine,
 * every branch can actually be taken — an earlier branch catching the same action (a `reply`
 * branch above an `intent` one, say) would make it dead. A suggested reply is marked `discloses`
 * exactly when the disclosure reading finds a protected fact of the record in it (so the scoring of
 * a typed line and of a chosen one agree). Problems read `turns.<id>…: reason`.
 */
import { walkGraph } from '../graph/walk';
import { ESCALATIONS, type Escalation } from '../escalation/targets';
import { disclosedFacts, scenarioFacts } from './disclosure';
import { applyEvent, startPractice, turnById, type PracticeEvent, type PracticeState } from './engine';
import type { Branch, Scenario, Turn } from './schema';

export interface WalkResult {
  errors: string[];
  endings: string[];
  /** Distinct simple paths from the start to an ending (capped). */
  paths: number;
}

export function walkScenario(scenario: Scenario): WalkResult {
  const errors: string[] = [];
  const endings = Object.entries(scenario.turns)
    .filter(([, t]) => t.end)
    .map(([id]) => id);
  const graph = walkGraph({
    start: scenario.start,
    nodes: Object.keys(scenario.turns),
    targets: (id) => scenario.turns[id]?.next.map((b) => b.goto) ?? [],
    isEnd: (id) => scenario.turns[id]?.end !== undefined,
  });
  for (const id of graph.unreachable) errors.push(`turns.${id}: cannot be reached from the start (${scenario.start})`);
  for (const id of graph.stuck) errors.push(`turns.${id}: no path from here reaches an ending`);
  if (endings.length === 0) errors.push('turns: no turn ends the call');

  errors.push(...deadBranches(scenario));
  errors.push(...replyDisclosures(scenario));
  return { errors, endings, paths: graph.paths };
}

/** Plays each branch's own action through the engine from a state at its turn; reports those that never fire. */
function deadBranches(scenario: Scenario): string[] {
  const errors: string[] = [];
  const answered = applyEvent(scenario, startPractice(scenario), { type: 'answered', at: 0 }).state;
  // Each turn once, with the first state found at it.
  const atTurn = new Map<string, PracticeState>([[scenario.start, answered]]);
  const queue: [string, PracticeState][] = [[scenario.start, answered]];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [id, state] = next;
    const turn = turnById(scenario, id);
    turn.next.forEach((b, i) => {
      let s = state;
      for (const e of eventsFor(turn, b)) s = applyEvent(scenario, s, e).state;
      if (s.turnId !== b.goto) {
        const catcher = turn.next.findIndex((x) => x.goto === s.turnId);
        const catching = catcher >= 0 && catcher < i ? turn.next[catcher] : undefined;
        errors.push(
          `turns.${id}.next.${i}: never taken: ${catching ? `branch ${catcher} (on: ${catching.on}) catches the same action first` : 'its action does not move the caller on'}`,
        );
        return;
      }
      if (!atTurn.has(b.goto)) {
        atTurn.set(b.goto, s);
        queue.push([b.goto, s]);
      }
    });
  }
  return errors;
}

/** The trainee's action that a branch waits for, as engine events. */
function eventsFor(turn: Turn, b: Branch): PracticeEvent[] {
  const at = 1;
  switch (b.on) {
    case 'verified':
    case 'verificationFailed':
      return [{ type: 'verification', at, status: b.on === 'verified' ? 'verified' : 'failed', matched: [] }];
    case 'escalated': {
      const specific = new Set(turn.next.filter((x) => x.on === 'escalated' && x.escalation).map((x) => x.escalation));
      const escalation: Escalation = b.escalation ?? ESCALATIONS.find((e) => !specific.has(e)) ?? ESCALATIONS[0];
      return [{ type: 'escalated', at, escalation }];
    }
    case 'hold':
      return [{ type: 'hold', at }];
    case 'resume':
      return [
        { type: 'hold', at },
        { type: 'resume', at: at + 1 },
      ];
    case 'intent': {
      const reply = turn.replies.find((r) => r.intent === b.intent);
      return [{ type: 'reply', at, actions: ['reply', ...(reply?.discloses ? (['disclosed'] as const) : []), 'intent'], intent: b.intent ?? null }];
    }
    case 'reply':
      return [{ type: 'reply', at, actions: ['reply'], intent: null }];
    // What a line says besides being one: the reading of a typed line reports these with `reply`.
    case 'empathy':
    case 'trigger':
    case 'disclosed':
      return [{ type: 'reply', at, actions: ['reply', b.on], intent: null }];
  }
}

/** Each suggested reply, in every language it has, read for protected facts (the caller's own lines excused). */
function replyDisclosures(scenario: Scenario): string[] {
  const errors: string[] = [];
  const facts = scenarioFacts(scenario);
  const callerSaid = Object.values(scenario.turns).flatMap((t) => [...Object.values(t.say), ...Object.values(t.nudge ?? {})]);
  for (const [id, turn] of Object.entries(scenario.turns)) {
    turn.replies.forEach((r, i) => {
      const found = [...new Set(Object.values(r.text).flatMap((text) => disclosedFacts(text, facts, callerSaid).map((f) => f.source)))];
      if (r.discloses && found.length === 0)
        errors.push(`turns.${id}.replies.${i}: marked discloses, but names nothing protected from the record or protectedFacts`);
      if (!r.discloses && found.length > 0) errors.push(`turns.${id}.replies.${i}: gives away ${found.join('; ')} but is not marked discloses`);
    });
  }
  return errors;
}
