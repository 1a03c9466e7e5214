/**
 * The author's check of one guide, without the file system: the graph walk shared with the practice scenarios
 * (every step reachable, every step able to reach an end, so no loop without an exit), article slugs among the
 * knowledge base's, and a translation's structure the same as the English guide's (same step ids, links, actions,
 * articles and checklist ids; only the texts differ). Problems read `steps.<id>…: reason`.
 */
import { walkGraph } from '../graph/walk';
import { stepTargets, type Guide, type GuideStep } from './schema';

export interface GuideWalk {
  errors: string[];
  /** Distinct start-to-end paths. */
  paths: number;
}

export function walkGuide(guide: Guide, articles: ReadonlySet<string>): GuideWalk {
  const errors: string[] = [];
  const byId = new Map(guide.steps.map((s) => [s.id, s]));
  const start = guide.steps[0]?.id ?? '';
  const walk = walkGraph({
    start,
    nodes: guide.steps.map((s) => s.id),
    targets: (id) => {
      const step = byId.get(id);
      return step ? stepTargets(step) : [];
    },
    isEnd: (id) => byId.get(id)?.end === true,
  });
  for (const id of walk.unreachable) errors.push(`steps.${id}: cannot be reached from the start (${start})`);
  for (const id of walk.stuck) errors.push(`steps.${id}: no path from here reaches an end step`);
  for (const s of guide.steps) {
    if (s.article !== undefined && !articles.has(s.article)) errors.push(`steps.${s.id}.article: no knowledge-base article named ${s.article}`);
  }
  return { errors, paths: walk.paths };
}

/** What must be the same in every language: everything but the texts. */
function shape(step: GuideStep): string {
  return JSON.stringify({
    id: step.id,
    article: step.article ?? null,
    prompt: step.prompt !== undefined,
    checklist: (step.checklist ?? []).map((c) => c.id),
    action: step.action ?? null,
    next: step.next ?? null,
    branches: (step.branches ?? []).map((b) => b.next),
    end: step.end === true,
  });
}

/** A translation against the English guide: the same steps in the same order, each with the same shape. */
export function compareToEnglish(translation: Guide, english: Guide): string[] {
  const errors: string[] = [];
  const ids = translation.steps.map((s) => s.id).join(',');
  const enIds = english.steps.map((s) => s.id).join(',');
  if (ids !== enIds) return [`steps: the step ids differ from the English guide’s (${enIds})`];
  translation.steps.forEach((s, i) => {
    const en = english.steps[i];
    if (en && shape(s) !== shape(en)) errors.push(`steps.${s.id}: differs from the English step in more than its texts`);
  });
  return errors;
}
