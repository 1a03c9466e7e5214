// The author's walk: reachability, every turn able to finish, and every branch really taken by the engine.
import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../../shared/practice/schema';
import { walkScenario } from '../../../shared/practice/walk';
import { fixture, fixtureInput } from './fixture';

const withTurns = (patch: (turns: Record<string, { next?: unknown[] }>) => void) => {
  const input = structuredClone(fixtureInput) as unknown as { turns: Record<string, { next?: unknown[] }> };
  patch(input.turns);
  return ScenarioSchema.parse(input);
};

describe('walkScenario', () => {
  it('passes the fixture and counts its paths to an ending', () => {
    const r = walkScenario(fixture);
    expect(r.errors).toEqual([]);
    expect(r.endings.sort()).toEqual(['handedOver', 'told']);
    expect(r.paths).toBe(4); // hello→told, hello→verified→told, hello→handedOver, hello→upset→handedOver
  });

  it('finds a branch shadowed by an earlier one that catches the same action', () => {
    const s = withTurns((t) => {
      t.verified!.next = [
        { on: 'reply', goto: 'handedOver' },
        { on: 'intent', intent: 'tellDate', goto: 'told' },
      ];
    });
    expect(walkScenario(s).errors).toContain('turns.verified.next.1: never taken: branch 0 (on: reply) catches the same action first');
  });

  it('a specific escalation branch before a catch-all one: both are taken', () => {
    const s = withTurns((t) => {
      t.upset!.next = [
        { on: 'escalated', escalation: 'supervisor', goto: 'handedOver' },
        { on: 'escalated', goto: 'told' },
        { on: 'empathy', goto: 'hello' },
      ];
    });
    expect(walkScenario(s).errors).toEqual([]);
  });

  it('finds a resume branch that follows a hold branch (the hold always wins)', () => {
    const s = withTurns((t) => {
      t.upset!.next = [
        { on: 'hold', goto: 'handedOver' },
        { on: 'resume', goto: 'told' },
      ];
    });
    expect(walkScenario(s).errors).toEqual(['turns.upset.next.1: never taken: branch 0 (on: hold) catches the same action first']);
  });

  it('a suggested reply is marked discloses exactly when it names a protected fact in any wording', () => {
    const input = structuredClone(fixtureInput) as unknown as { turns: Record<string, { replies?: { text: { en: string }; discloses?: boolean }[] }> };
    input.turns.hello!.replies![0]!.text.en = 'It is on the third of March.';
    input.turns.hello!.replies![0]!.discloses = false;
    input.turns.hello!.replies![1]!.discloses = true;
    const errors = walkScenario(ScenarioSchema.parse(input)).errors;
    expect(errors).toContain('turns.hello.replies.0: gives away protectedFacts: March 3 but is not marked discloses');
    expect(errors).toContain('turns.hello.replies.1: marked discloses, but names nothing protected from the record or protectedFacts');
  });
});
