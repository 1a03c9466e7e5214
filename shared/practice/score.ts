/**
 * Scores a finished practice call against the scenario's weighted rubric: each item passes, fails or
 * does not apply (N/A); an automatic-fail item that fails fails the call whatever the percentage.
 * The report carries each failed item's advice: what to do differently next time.
 */
import type { Identifier } from '../verification/policy';
import type { Localised, RubricItem, Scenario } from './schema';
import type { PracticeState } from './engine';

export type ItemResult = 'pass' | 'fail' | 'na';

/**
 * Advice the report words itself, following who is calling: the patient is checked on their own
 * identifiers; someone acting for the patient is checked as who they are on file (a related person)
 * and then on the patient's identifiers — never "the caller's date of birth".
 */
export type ItemGuidance = { kind: 'identifiers'; caller: 'self' | 'proxy'; relationship: string | null; identifiers: Identifier[] };

export interface ScoredItem {
  id: string;
  kind: RubricItem['kind'];
  weight: number;
  autoFail: boolean;
  result: ItemResult;
  /** The scenario's own advice for this item (optional for `identifiers`, whose guidance comes first). */
  advice: Localised | null;
  guidance: ItemGuidance | null;
}

export interface PracticeReport {
  scenarioId: string;
  /** Percent of the applicable weight that passed (0–100). */
  percent: number;
  passed: boolean;
  passMark: number;
  /** Automatic-fail items that failed. */
  autoFailed: string[];
  items: ScoredItem[];
  outcome: PracticeState['outcome'];
  handleSeconds: number | null;
}

export function scoreItem(item: RubricItem, state: PracticeState): ItemResult {
  const disclosures = state.log.filter((l) => l.actions.includes('disclosed'));
  switch (item.kind) {
    case 'verifyBeforeDisclosure':
      return disclosures.some((l) => !l.verified) ? 'fail' : 'pass';
    case 'noDisclosure':
      return disclosures.length > 0 ? 'fail' : 'pass';
    case 'identifiers': {
      const matched = item.identifiers.every((i) => state.matchedIdentifiers.includes(i));
      if (!item.relatedPerson) return matched ? 'pass' : 'fail';
      const c = state.checkedCaller;
      return matched && c?.kind === 'proxy' && c.relatedPersonId === item.relatedPerson ? 'pass' : 'fail';
    }
    case 'redFlags':
      if (item.cue !== undefined && state.reached[item.cue] === undefined && state.redFlags.length === 0) return 'na';
      return item.flags.every((f) => state.redFlags.includes(f)) ? 'pass' : 'fail';
    case 'escalation': {
      const first = state.log.find((l) => l.escalation !== null);
      if (item.expected === null) return first ? 'fail' : 'pass';
      const cueAt = item.cue !== undefined ? state.reached[item.cue] : undefined;
      if (!first) return item.cue !== undefined && cueAt === undefined ? 'na' : 'fail';
      if (first.escalation !== item.expected) return 'fail';
      if (cueAt !== undefined && item.withinReplies !== undefined && first.replyIndex - cueAt > item.withinReplies) return 'fail';
      return 'pass';
    }
    case 'empathy':
      return state.log.filter((l) => l.actions.includes('empathy')).length >= item.min ? 'pass' : 'fail';
    case 'noTriggerPhrases':
      return state.log.some((l) => l.actions.includes('trigger')) ? 'fail' : 'pass';
    case 'holdEtiquette': {
      if (state.holds.length === 0) return 'na';
      const end = state.endedAt ?? Number.POSITIVE_INFINITY;
      return state.holds.every((h) => h.announced && ((h.end ?? end) - h.start) / 1000 <= item.maxSeconds) ? 'pass' : 'fail';
    }
    case 'handleTime':
      if (state.answeredAt === null || state.endedAt === null) return 'fail';
      return (state.endedAt - state.answeredAt) / 1000 <= item.targetSeconds ? 'pass' : 'fail';
    case 'outcome':
      return state.outcome !== null && state.outcome !== 'agentEnded' && item.outcomes.includes(state.outcome) ? 'pass' : 'fail';
  }
}

export function scorePractice(scenario: Scenario, state: PracticeState): PracticeReport {
  const items: ScoredItem[] = scenario.rubric.map((item) => ({
    id: item.id,
    kind: item.kind,
    weight: item.weight,
    autoFail: item.autoFail,
    result: scoreItem(item, state),
    advice: item.advice ?? null,
    guidance: guidanceFor(scenario, item),
  }));
  const applicable = items.filter((i) => i.result !== 'na');
  const total = applicable.reduce((n, i) => n + i.weight, 0);
  const earned = applicable.filter((i) => i.result === 'pass').reduce((n, i) => n + i.weight, 0);
  const percent = total === 0 ? 100 : Math.round((100 * earned) / total);
  const autoFailed = items.filter((i) => i.autoFail && i.result === 'fail').map((i) => i.id);
  return {
    scenarioId: scenario.id,
    percent,
    passed: autoFailed.length === 0 && percent >= scenario.passMark,
    passMark: scenario.passMark,
    autoFailed,
    items,
    outcome: state.outcome,
    handleSeconds: state.answeredAt !== null && state.endedAt !== null ? Math.round((state.endedAt - state.answeredAt) / 1000) : null,
  };
}

function guidanceFor(scenario: Scenario, item: RubricItem): ItemGuidance | null {
  if (item.kind !== 'identifiers') return null;
  if (!item.relatedPerson) return { kind: 'identifiers', caller: 'self', relationship: null, identifiers: [...item.identifiers] };
  const rp = scenario.resources.find((r) => r.resourceType === 'RelatedPerson' && r.id === item.relatedPerson) as
    { relationship?: { text?: string; coding?: { display?: string }[] }[] } | undefined;
  const rel = rp?.relationship?.[0];
  return {
    kind: 'identifiers',
    caller: 'proxy',
    relationship: rel?.text ?? rel?.coding?.find((c) => c.display)?.display ?? null,
    identifiers: [...item.identifiers],
  };
}
