// The simulated caller's state machine: branches taken on what the trainee does, nudges, endings,
// holds, and nothing moving before the call is answered or after it ends.
import { describe, expect, it } from 'vitest';
import { applyEvent, startPractice, type PracticeEvent, type PracticeState } from '../../../shared/practice/engine';
import type { AgentAction } from '../../../shared/practice/schema';
import { fixture } from './fixture';

function play(events: PracticeEvent[]): { state: PracticeState; said: string[] } {
  let state = startPractice(fixture);
  const said: string[] = [];
  for (const e of events) {
    const r = applyEvent(fixture, state, e);
    state = r.state;
    said.push(...r.said.map((l) => (l.nudge ? `${l.turnId}(nudge)` : l.turnId)));
  }
  return { state, said };
}
const reply = (at: number, actions: AgentAction[], intent: string | null = null): PracticeEvent => ({ type: 'reply', at, actions, intent });

describe('practice engine', () => {
  it('says nothing until the call is answered, then the opening line', () => {
    const before = play([reply(0, ['reply'])]);
    expect(before.said).toEqual([]);
    expect(before.state.log).toEqual([]);
    const after = play([{ type: 'answered', at: 1000 }]);
    expect(after.said).toEqual(['hello']);
    expect(after.state.answeredAt).toBe(1000);
  });

  it('follows the verified branch, then ends resolved on the chosen intent', () => {
    const { state, said } = play([
      { type: 'answered', at: 0 },
      reply(1000, ['reply', 'intent'], 'askDob'),
      { type: 'verification', at: 5000, status: 'verified', matched: ['name', 'birthDate'] },
      reply(9000, ['reply', 'intent', 'disclosed'], 'tellDate'),
    ]);
    expect(said).toEqual(['hello', 'hello(nudge)', 'verified', 'told']);
    expect(state.outcome).toBe('resolved');
    expect(state.endedAt).toBe(9000);
    expect(state.log.map((l) => l.verified)).toEqual([false, false, true]);
    expect(state.matchedIdentifiers).toEqual(['name', 'birthDate']);
  });

  it('takes the first matching branch in order (a disclosure before verification ends the call)', () => {
    const { state, said } = play([{ type: 'answered', at: 0 }, reply(2000, ['reply', 'intent', 'disclosed', 'trigger'], 'tellDate')]);
    expect(said).toEqual(['hello', 'told']);
    expect(state.outcome).toBe('resolved');
    expect(state.log[0]!.verified).toBe(false);
  });

  it('branches on which escalation was chosen, and ignores events after the end', () => {
    const wrong = play([
      { type: 'answered', at: 0 },
      { type: 'escalated', at: 1000, escalation: 'billingSpecialist' },
    ]);
    expect(wrong.state.turnId).toBe('hello');
    const right = play([{ type: 'answered', at: 0 }, { type: 'escalated', at: 1000, escalation: 'crisisCounsellor' }, reply(2000, ['reply'])]);
    expect(right.state.outcome).toBe('escalated');
    expect(right.state.log).toHaveLength(1);
  });

  it('records holds, whether each was announced, and closes an open hold when the call ends', () => {
    const { state } = play([
      { type: 'answered', at: 0 },
      { type: 'hold', at: 1000 },
      { type: 'resume', at: 4000 },
      reply(5000, ['reply']),
      { type: 'hold', at: 6000 },
      { type: 'hold', at: 6500 },
      { type: 'agentHungUp', at: 20_000 },
    ]);
    expect(state.holds).toEqual([
      { start: 1000, end: 4000, announced: false },
      { start: 6000, end: 20_000, announced: true },
    ]);
    expect(state.outcome).toBe('agentEnded');
  });

  it('counts where each turn was reached in replies (for the escalation timing)', () => {
    const { state } = play([{ type: 'answered', at: 0 }, reply(1000, ['reply']), reply(2000, ['reply', 'trigger']), reply(3000, ['reply', 'empathy'])]);
    expect(state.reached).toEqual({ hello: 0, upset: 2 });
    expect(state.turnId).toBe('hello');
  });
});
