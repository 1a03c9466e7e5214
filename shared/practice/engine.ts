/**
 * The simulated caller: a state machine over the scenario's turns. Each thing the trainee does (a
 * line said or chosen, the identity check settling, an escalation, a hold) is logged with when it
 * happened, and the current turn's first matching branch moves the caller on. Pure and
 * deterministic: time comes in with each event, so the engine and the scoring are unit-tested.
 */
import type { Escalation } from '../escalation/targets';
import type { Identifier } from '../verification/policy';
import type { RedFlag } from '../verification/state';
import { must } from '../must';
import type { AgentAction, Outcome, Scenario, Turn } from './schema';

export type PracticeEvent =
  | { type: 'answered'; at: number }
  | { type: 'reply'; at: number; actions: AgentAction[]; intent: string | null }
  | {
      type: 'verification';
      at: number;
      status: 'verified' | 'failed';
      matched: Identifier[];
      caller?: { kind: 'self' } | { kind: 'proxy'; relatedPersonId: string | null };
    }
  /** The red flags raised on the identity check now (the checklist's, after any change). */
  | { type: 'redFlags'; at: number; flags: RedFlag[] }
  | { type: 'escalated'; at: number; escalation: Escalation }
  | { type: 'hold'; at: number }
  | { type: 'resume'; at: number }
  | { type: 'agentHungUp'; at: number };

export interface LoggedAction {
  at: number;
  turnId: string;
  actions: AgentAction[];
  intent: string | null;
  escalation: Escalation | null;
  /** Whether the caller was verified when this happened. */
  verified: boolean;
  /** Replies said before this one. */
  replyIndex: number;
}

export interface CallerLine {
  turnId: string;
  at: number;
  nudge: boolean;
}

export interface PracticeState {
  turnId: string;
  verified: boolean;
  verificationFailed: boolean;
  matchedIdentifiers: Identifier[];
  /** Red flags raised on the identity check and still raised. */
  redFlags: RedFlag[];
  /** Who the trainee checked the caller as: the patient, or a related person on file (by id; null when not on file). */
  checkedCaller: { kind: 'self' } | { kind: 'proxy'; relatedPersonId: string | null } | null;
  answeredAt: number | null;
  endedAt: number | null;
  /** How the call ended: a scenario ending, or the trainee hanging up first. */
  outcome: Outcome | 'agentEnded' | null;
  log: LoggedAction[];
  lines: CallerLine[];
  holds: { start: number; end: number | null; announced: boolean }[];
  /** Where each turn was first reached, counted in replies. */
  reached: Record<string, number>;
  replies: number;
}

export function startPractice(scenario: Scenario): PracticeState {
  return {
    turnId: scenario.start,
    verified: false,
    verificationFailed: false,
    matchedIdentifiers: [],
    redFlags: [],
    checkedCaller: null,
    answeredAt: null,
    endedAt: null,
    outcome: null,
    log: [],
    lines: [],
    holds: [],
    reached: { [scenario.start]: 0 },
    replies: 0,
  };
}

/** A turn the conversation reached: the scenario's check guarantees every branch leads to a turn it has. */
export const turnById = (scenario: Scenario, turnId: string): Turn => must(scenario.turns[turnId], `turn ${turnId} of the scenario`);

export const currentTurn = (scenario: Scenario, state: PracticeState): Turn => turnById(scenario, state.turnId);

/** Applies one event; returns the new state and the caller lines it produced (for captions). */
export function applyEvent(scenario: Scenario, prev: PracticeState, event: PracticeEvent): { state: PracticeState; said: CallerLine[] } {
  if (prev.outcome) return { state: prev, said: [] };
  const state: PracticeState = {
    ...prev,
    log: [...prev.log],
    lines: [...prev.lines],
    holds: prev.holds.map((h) => ({ ...h })),
    reached: { ...prev.reached },
    matchedIdentifiers: [...prev.matchedIdentifiers],
    redFlags: [...prev.redFlags],
  };
  const said: CallerLine[] = [];
  const say = (turnId: string, nudge: boolean) => {
    const line = { turnId, at: event.at, nudge };
    said.push(line);
    state.lines.push(line);
  };

  switch (event.type) {
    case 'answered':
      if (state.answeredAt !== null) return { state: prev, said: [] };
      state.answeredAt = event.at;
      say(state.turnId, false);
      return { state, said };
    case 'agentHungUp':
      state.outcome = 'agentEnded';
      state.endedAt = event.at;
      closeHold(state, event.at);
      return { state, said };
    // The trainee's doings on the call: only once it is answered, below.
    case 'reply':
    case 'verification':
    case 'redFlags':
    case 'escalated':
    case 'hold':
    case 'resume':
      break;
  }
  if (state.answeredAt === null) return { state: prev, said: [] };
  if (event.type === 'redFlags') {
    // Not a turn of the conversation: the caller does not hear the checklist.
    state.redFlags = [...new Set(event.flags)];
    return { state, said };
  }

  let actions: AgentAction[];
  let intent: string | null = null;
  let escalation: Escalation | null = null;
  switch (event.type) {
    case 'reply':
      actions = event.actions;
      intent = event.intent;
      break;
    case 'verification':
      if (event.status === 'verified') state.verified = true;
      else state.verificationFailed = true;
      state.matchedIdentifiers = [...new Set([...state.matchedIdentifiers, ...event.matched])];
      if (event.caller) state.checkedCaller = event.caller;
      actions = [event.status === 'verified' ? 'verified' : 'verificationFailed'];
      break;
    case 'escalated':
      actions = ['escalated'];
      escalation = event.escalation;
      break;
    case 'hold': {
      if (state.holds.some((h) => h.end === null)) return { state: prev, said: [] };
      const last = state.log[state.log.length - 1];
      state.holds.push({ start: event.at, end: null, announced: last?.actions.includes('reply') ?? false });
      actions = ['hold'];
      break;
    }
    case 'resume':
      if (!state.holds.some((h) => h.end === null)) return { state: prev, said: [] };
      closeHold(state, event.at);
      actions = ['resume'];
      break;
  }
  state.log.push({ at: event.at, turnId: state.turnId, actions, intent, escalation, verified: prev.verified, replyIndex: state.replies });
  if (actions.includes('reply')) state.replies += 1;

  const branch = currentTurn(scenario, state).next.find(
    (b) => actions.includes(b.on) && (b.on !== 'escalated' || !b.escalation || b.escalation === escalation) && (b.on !== 'intent' || b.intent === intent),
  );
  if (branch) {
    state.turnId = branch.goto;
    state.reached[branch.goto] ??= state.replies;
    say(branch.goto, false);
    const end = currentTurn(scenario, state).end;
    if (end) {
      state.outcome = end;
      state.endedAt = event.at;
      closeHold(state, event.at);
    }
  } else if (actions.includes('reply') && currentTurn(scenario, state).nudge) {
    say(state.turnId, true);
  }
  return { state, said };
}

function closeHold(state: PracticeState, at: number): void {
  for (const h of state.holds) if (h.end === null) h.end = at;
}
