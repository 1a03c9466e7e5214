/**
 * A step-by-step call guide, as data (`assets/guides/<reason>.<language>.json`): the branching steps the agent
 * follows on a live call for one call reason, in one language. Each step says what to do (`text`) and may show an
 * article of the knowledge base, a line to say (`prompt`), checklist items, and one action button (verify, book,
 * escalate to a target of assets/escalation, create a callback). A step goes on to one step (`next`), offers
 * branches (`branches`: a label and where it goes), or ends the guide (`end`). The first step is the start.
 * Every language's file has the same steps, ids and links as the English one; only the texts differ.
 */
import { z } from 'zod';
import { CallReasonSchema } from '../domain/call-reasons';
import { ESCALATIONS } from '../escalation/targets';
import { LANGUAGE_CODES } from '../i18n/languages';

const StepId = z.string().regex(/^[a-z][a-zA-Z0-9-]{0,60}$/, 'a step id: a lower-case letter, then letters, digits or -');
const Text = z.string().trim().min(1).max(600);
/** A knowledge-base article's slug: the file name of `assets/knowledge/en/<slug>.md`. */
export const ArticleSlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'an article slug: lower-case words joined by -')
  .max(80);

export const GUIDE_ACTIONS = ['verify', 'book', 'escalate', 'callback'] as const;
export type GuideActionKind = (typeof GUIDE_ACTIONS)[number];

export const GuideActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('verify') }).strict(),
  z.object({ kind: z.literal('book') }).strict(),
  z.object({ kind: z.literal('escalate'), target: z.enum(ESCALATIONS) }).strict(),
  z.object({ kind: z.literal('callback') }).strict(),
]);
export type GuideAction = z.infer<typeof GuideActionSchema>;

export const ChecklistItemSchema = z.object({ id: StepId, text: Text }).strict();

export const BranchSchema = z.object({ label: Text, next: StepId }).strict();

export const GuideStepSchema = z
  .object({
    id: StepId,
    text: Text,
    article: ArticleSlugSchema.optional(),
    prompt: Text.optional(),
    checklist: z.array(ChecklistItemSchema).max(12).optional(),
    action: GuideActionSchema.optional(),
    next: StepId.optional(),
    branches: z.array(BranchSchema).min(2).max(9).optional(),
    end: z.literal(true).optional(),
  })
  .strict()
  .refine((s) => [s.next, s.branches, s.end].filter((x) => x !== undefined).length === 1, {
    error: 'a step has exactly one of next, branches or end',
  });
export type GuideStep = z.infer<typeof GuideStepSchema>;

export const GuideSchema = z
  .object({
    /** The call reason the guide is for (the file's name). */
    id: CallReasonSchema,
    language: z.enum(LANGUAGE_CODES),
    title: Text,
    steps: z.array(GuideStepSchema).min(2).max(60),
  })
  .strict()
  .superRefine((g, ctx) => {
    const ids = new Set<string>();
    g.steps.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `step id ${s.id} is used twice` });
      ids.add(s.id);
      const items = (s.checklist ?? []).map((c) => c.id);
      if (new Set(items).size !== items.length) ctx.addIssue({ code: 'custom', path: ['steps', i, 'checklist'], message: 'checklist ids must be unique' });
    });
    g.steps.forEach((s, i) => {
      if (s.next !== undefined && !ids.has(s.next)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'next'], message: `no step named ${s.next}` });
      s.branches?.forEach((b, j) => {
        if (!ids.has(b.next)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'branches', j, 'next'], message: `no step named ${b.next}` });
      });
    });
  });
export type Guide = z.infer<typeof GuideSchema>;

/** A guide as the desk serves it: `fallback` when it is the English one because the language asked for has none. */
export interface ServedGuide {
  guide: Guide;
  fallback: boolean;
}

/** The steps a step leads to: its next, or each branch's. */
export function stepTargets(step: GuideStep): string[] {
  return step.next !== undefined ? [step.next] : (step.branches ?? []).map((b) => b.next);
}

/** A guide file checked: the parsed guide, or each problem as `path.to.field: reason`. */
export function parseGuide(json: unknown): { ok: true; guide: Guide } | { ok: false; errors: string[] } {
  const r = GuideSchema.safeParse(json);
  return r.success ? { ok: true, guide: r.data } : { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(guide)'}: ${i.message}`) };
}
