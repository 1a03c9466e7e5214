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
    expect(
      scoreItem(item, run([...base, { type: 'reply', at: 500, actions: ['reply'], intent: null }, { type: 'hold', at: 1000 }, { type: 'resume', at: 2000 }])),
    ).toBe('pass');
    expect(
      scoreItem(item, run([...base, { type: 'reply', at: 500, actions: ['reply'], intent: null }, { type: 'hold', at: 1000 }, { type: 'resume', at: 60_000 }])),
    ).toBe('fail');
  });

  it('the escalation item checks which escalation and how soon after the cue', () => {
    const scenario = ScenarioSchema.parse({
      ...fixtureInput,
      rubric: [{ id: 'esc', kind: 'escalation', expected: 'crisisCounsellor', cue: 'upset', withinReplies: 1, weight: 10, advice: { en: 'Escalate' } }],
    });
    const item = scenario.rubric[0]!;
    const toUpset: PracticeEvent[] = [
      { type: 'answered', at: 0 },
      { type: 'reply', at: 1, actions: ['reply', 'trigger'], intent: null },
    ];
    expect(scoreItem(item, run([{ type: 'answered', at: 0 }], scenario))).toBe('na');
    expect(scoreItem(item, run([...toUpset, { type: 'escalated', at: 2, escalation: 'crisisCounsellor' }], scenario))).toBe('pass');
    expect(scoreItem(item, run([...toUpset, { type: 'escalated', at: 2, escalation: 'supervisor' }], scenario))).toBe('fail');
    const late = [
      ...toUpset,
      { type: 'reply', at: 2, actions: ['reply'], intent: null },
      { type: 'reply', at: 3, actions: ['reply'], intent: null },
      { type: 'escalated', at: 4, escalation: 'crisisCounsellor' },
    ] as PracticeEvent[];
    expect(scoreItem(item, run(late, scenario))).toBe('fail');
    expect(scoreItem(item, run([...toUpset, { type: 'agentHungUp', at: 5 }], scenario))).toBe('fail');
  });

  it('handle time, trigger phrases, no-disclosure and outcome items', () => {
    const state = run([
      { type: 'answered', at: 0 },
      { type: 'reply', at: 1000, actions: ['reply', 'trigger'], intent: null },
      { type: 'agentHungUp', at: 200_000 },
    ]);
    const item = (kind: string, extra: object = {}) =>
      ScenarioSchema.parse({ ...fixtureInput, rubric: [{ id: 'xx', kind, weight: 1, advice: { en: 'a' }, ...extra }] }).rubric[0]!;
    expect(scoreItem(item('handleTime', { targetSeconds: 120 }), state)).toBe('fail');
    expect(scoreItem(item('noTriggerPhrases'), state)).toBe('fail');
    expect(scoreItem(item('noDisclosure'), state)).toBe('pass');
    expect(scoreItem(item('outcome', { outcomes: ['resolved'] }), state)).toBe('fail');
  });

  it('red flags earn credit when the right ones are raised and still raised at the end; N/A when the cue never came and none was raised', () => {
    const item = ScenarioSchema.parse({
      ...structuredClone(fixtureInput),
      rubric: [...fixtureInput.rubric, { id: 'flags', kind: 'redFlags', flags: ['publicInfoOnly'], cue: 'upset', weight: 10, advice: { en: 'Flag it.' } }],
    }).rubric.at(-1)!;
    const answered: PracticeEvent[] = [{ type: 'answered', at: 0 }];
    expect(scoreItem(item, run(answered))).toBe('na');
    const atCue: PracticeEvent[] = [...answered, { type: 'reply', at: 1, actions: ['reply', 'trigger'], intent: null }];
    expect(scoreItem(item, run(atCue))).toBe('fail');
    const raised = run([...atCue, { type: 'redFlags', at: 2, flags: ['publicInfoOnly', 'pressure'] }]);
    expect(scoreItem(item, raised)).toBe('pass');
    // The checklist is not a line the caller hears: no turn moves, nothing is logged, hold announcements are unaffected.
    expect(raised.log).toHaveLength(1);
    expect(raised.turnId).toBe('upset');
    expect(scoreItem(item, run([...atCue, { type: 'redFlags', at: 2, flags: ['publicInfoOnly'] }, { type: 'redFlags', at: 3, flags: [] }]))).toBe('fail');
    expect(scoreItem(item, run([...answered, { type: 'redFlags', at: 2, flags: ['pressure'] }]))).toBe('fail');
  });

  it('identifiers for a caller acting for the patient: checked as the related person on file, and the advice says so', () => {
    const input = structuredClone(fixtureInput) as unknown as { resources: unknown[]; rubric: { id: string; relatedPerson?: string; advice?: unknown }[] };
    input.resources.push({
      resourceType: 'RelatedPerson',
      id: 'prac-fixture-mother',
      patient: { reference: 'Patient/prac-fixture' },
      relationship: [{ coding: [{ code: 'MTH', display: 'mother' }] }],
    });
    const ids = input.rubric.find((r) => r.id === 'ids')!;
    ids.relatedPerson = 'prac-fixture-mother';
    delete ids.advice;
    const scenario = ScenarioSchema.parse(input);
    const item = scenario.rubric.find((r) => r.id === 'ids')!;
    const verified = (caller?: { kind: 'self' } | { kind: 'proxy'; relatedPersonId: string | null }): PracticeEvent[] => [
      { type: 'answered', at: 0 },
      { type: 'verification', at: 1, status: 'verified', matched: ['name', 'birthDate'], ...(caller ? { caller } : {}) },
    ];
    expect(scoreItem(item, run(verified({ kind: 'self' }), scenario))).toBe('fail');
    expect(scoreItem(item, run(verified({ kind: 'proxy', relatedPersonId: null }), scenario))).toBe('fail');
    expect(scoreItem(item, run(verified({ kind: 'proxy', relatedPersonId: 'prac-fixture-mother' }), scenario))).toBe('pass');
    const report = scorePractice(scenario, run(verified(), scenario));
    expect(report.items.find((i) => i.id === 'ids')).toMatchObject({
      advice: null,
      guidance: { kind: 'identifiers', caller: 'proxy', relationship: 'mother', identifiers: ['name', 'birthDate'] },
    });
    expect(scorePractice(fixture, run(verified(), fixture)).items.find((i) => i.id === 'ids')!.guidance).toEqual({
      kind: 'identifiers',
      caller: 'self',
      relationship: null,
      identifiers: ['name', 'birthDate'],
    });
    // A related person that is not in the scenario's records is refused by the schema.
    ids.relatedPerson = 'prac-nobody';
    expect(ScenarioSchema.safeParse(input).error!.issues.map((i) => i.message)).toContain('no RelatedPerson with this id in resources');
  });
});
