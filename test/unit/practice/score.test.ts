// The weighted rubric: pass, fail and N/A per item; automatic-fail items; the pass mark.
import { describe, expect, it } from 'vitest';
import { applyEvent, startPractice, type PracticeEvent } from '../../../shared/practice/engine';
import { scoreItem, scorePractice } from '../../../shared/practice/score';
import { ScenarioSchema } from '../../../shared/practice/schema';
import { fixture, fixtureInput } from './fixture';

const run = (events: PracticeEvent[], scenario = fixture) => events.reduce((s, e) => applyEvent(scenario, s, e).state, startPractice(scenario));

describe('practice scoring', () => {
  it('a verified call with empathy and no hold scores 100 % with the hold item N/A', () => {
    const state = run([
      { type: 'answered', at: 0 },
      { type: 'reply', at: 1000, actions: ['reply', 'empathy'], intent: null },
      { type: 'verification', at: 5000, status: 'verified', matched: ['name', 'birthDate'] },
      { type: 'reply', at: 9000, actions: ['reply', 'intent', 'disclosed'], intent: 'tellDate' },
    ]);
    const report = scorePractice(fixture, state);
    expect(report.items.find((i) => i.id === 'hold')!.result).toBe('na');
    expect(report.percent).toBe(100);
    expect(report.passed).toBe(true);
    expect(report.handleSeconds).toBe(9);
  });

  it('a disclosure before verification is an automatic fail whatever the percentage', () => {
    const state = run([
      { type: 'answered', at: 0 },
      { type: 'reply', at: 1000, actions: ['reply', 'empathy'], intent: null },
      { type: 'reply', at: 2000, actions: ['reply', 'intent', 'disclosed'], intent: 'tellDate' },
    ]);
    const report = scorePractice(fixture, state);
    expect(report.autoFailed).toEqual(['verifyFirst']);
    expect(report.passed).toBe(false);
    // ids failed (20) and verifyFirst failed (40) of 90 applicable: 30/90.
    expect(report.percent).toBe(33);
  });

  it('hold etiquette fails for an unannounced or too-long hold, passes for an announced short one', () => {
    const item = fixture.rubric.find((r) => r.id === 'hold')!;
    const base: PracticeEvent[] = [{ type: 'answered', at: 0 }];
    expect(scoreItem(item, run([...base, { type: 'hold', at: 1000 }, { type: 'resume', at: 2000 }]))).toBe('fail');
    expect(scoreItem(item, run([...base, { type: 'reply', at: 500, actions: ['reply'], intent: null }, { type: 'hold', at: 1000 }, { type: 'resume', at: 2000 }]))).toBe('pass');
    expect(scoreItem(item, run([...base, { type: 'reply', at: 500, actions: ['reply'], intent: null }, { type: 'hold', at: 1000 }, { type: 'resume', at: 60_000 }]))).toBe('fail');
  });

  it('the escalation item checks which escalation and how soon after the cue', () => {
    const scenario = ScenarioSchema.parse({
      ...fixtureInput,
      rubric: [{ id: 'esc', kind: 'escalation', expected: 'crisisCounsellor', cue: 'upset', withinReplies: 1, weight: 10, advice: { en: 'Escalate' } }],
    });
    const item = scenario.rubric[0]!;
    const toUpset: PracticeEvent[] = [{ type: 'answered', at: 0 }, { type: 'reply', at: 1, actions: ['reply', 'trigger'], intent: null }];
    expect(scoreItem(item, run([{ type: 'answered', at: 0 }], scenario))).toBe('na');
    expect(scoreItem(item, run([...toUpset, { type: 'escalated', at: 2, escalation: 'crisisCounsellor' }], scenario))).toBe('pass');
    expect(scoreItem(item, run([...toUpset, { type: 'escalated', at: 2, escalation: 'supervisor' }], scenario))).toBe('fail');
    const late = [...toUpset, { type: 'reply', at: 2, actions: ['reply'], intent: null }, { type: 'reply', at: 3, actions: ['reply'], intent: null }, { type: 'escalated', at: 4, escalation: 'crisisCounsellor' }] as PracticeEvent[];
    expect(scoreItem(item, run(late, scenario))).toBe('fail');
    expect(scoreItem(item, run([...toUpset, { type: 'agentHungUp', at: 5 }], scenario))).toBe('fail');
  });

  it('handle time, trigger phrases, no-disclosure and outcome items', () => {
    const state = run([
      { type: 'answered', at: 0 },
      { type: 'reply', at: 1000, actions: ['reply', 'trigger'], intent: null },
      { type: 'agentHungUp', at: 200_000 },
    ]);
    const item = (kind: string, extra: object = {}) => ScenarioSchema.parse({ ...fixtureInput, rubric: [{ id: 'xx', kind, weight: 1, advice: { en: 'a' }, ...extra }] }).rubric[0]!;
    expect(scoreItem(item('handleTime', { targetSeconds: 120 }), state)).toBe('fail');
    expect(scoreItem(item('noTriggerPhrases'), state)).toBe('fail');
    expect(scoreItem(item('noDisclosure'), state)).toBe('pass');
    expect(scoreItem(item('outcome', { outcomes: ['resolved'] }), state)).toBe('fail');
  });
});
