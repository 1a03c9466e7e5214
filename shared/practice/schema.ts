/**
 * A practice scenario, as data (`assets/practice/scenarios/<id>.json`): a synthetic patient record
 * (FHIR R4 resources, imported into the separate practice store), a caller persona, the caller's
 * turns branching on what the trainee does, and the rubric the call is scored against.
 * Text the trainee sees or hears is localised: one string per language, English required.
 */
import { z } from 'zod';
import { LANGUAGE_CODES } from '../i18n/languages';
import { ESCALATIONS } from '../escalation/targets';
import { IDENTIFIERS } from '../verification/policy';
import { RED_FLAGS } from '../verification/state';

const Id = z.string().regex(/^[a-z][a-zA-Z0-9-]{1,60}$/, 'an id: a lower-case letter, then letters, digits or -');

/** Text in several languages; English is always there (the fallback). */
export const LocalisedSchema = z
  .object({ en: z.string().trim().min(1).max(600) })
  .catchall(z.string().trim().min(1).max(600))
  .refine((o) => Object.keys(o).every((k) => (LANGUAGE_CODES as readonly string[]).includes(k)), {
    error: `languages must be among ${LANGUAGE_CODES.join(', ')}`,
  });
export type Localised = z.infer<typeof LocalisedSchema>;

/** What the trainee did, as the branches and the rubric see it. */
export const AGENT_ACTIONS = [
  'reply', // any line said to the caller
  'empathy', // a line with an empathy phrase from the prompt packs
  'trigger', // a phrase the coach flags ("calm down", "nothing I can do"…)
  'disclosed', // protected information said to the caller
  'intent', // a line matching one of the turn's suggested replies (by its intent)
  'verified', // the identity check passed
  'verificationFailed', // the identity check failed (mismatches, or a proxy without consent)
  'escalated', // an escalation button was used
  'hold', // the caller was put on hold
  'resume', // the caller was taken off hold
] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];

export const BranchSchema = z
  .object({
    on: z.enum(AGENT_ACTIONS),
    /** For on: escalated — which escalation (any when absent). */
    escalation: z.enum(ESCALATIONS).optional(),
    /** For on: intent — which intent. */
    intent: Id.optional(),
    goto: Id,
  })
  .strict()
  .refine((b) => (b.on === 'intent') === (b.intent !== undefined), { error: 'intent is required for on: intent, and only there', path: ['intent'] })
  .refine((b) => b.escalation === undefined || b.on === 'escalated', { error: 'escalation only applies to on: escalated', path: ['escalation'] });
export type Branch = z.infer<typeof BranchSchema>;

/** A suggested reply the trainee may choose instead of typing; typed lines with one of its keywords count as it. */
export const ReplySchema = z
  .object({
    intent: Id,
    text: LocalisedSchema,
    keywords: z.record(z.string(), z.array(z.string().trim().min(2).max(80)).min(1)).optional(),
    /** Saying this gives protected information away. */
    discloses: z.boolean().default(false),
  })
  .strict();
export type Reply = z.infer<typeof ReplySchema>;

export const OUTCOMES = ['resolved', 'escalated', 'refused', 'callerHungUp'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const TurnSchema = z
  .object({
    /** The caller's line when this turn is reached. */
    say: LocalisedSchema,
    /** Branches in order: the first that matches what the trainee did wins. */
    next: z.array(BranchSchema).default([]),
    replies: z.array(ReplySchema).default([]),
    /** Said again when the trainee's reply moves nothing on. */
    nudge: LocalisedSchema.optional(),
    /** An ending: the caller hangs up after saying this line. */
    end: z.enum(OUTCOMES).optional(),
  })
  .strict()
  .refine((t) => (t.end === undefined) === t.next.length > 0, { error: 'a turn either ends the call or has at least one branch', path: ['next'] });
export type Turn = z.infer<typeof TurnSchema>;

const Weight = z.number().int().min(1).max(100);
const RubricBase = { id: Id, weight: Weight, autoFail: z.boolean().default(false), advice: LocalisedSchema };
const PracticeId = z.string().regex(/^prac-[a-z0-9-]{1,60}$/, 'a practice id: prac-…');

export const RubricItemSchema = z.discriminatedUnion('kind', [
  z.object({ ...RubricBase, kind: z.literal('verifyBeforeDisclosure') }).strict(),
  /** Nothing protected may be said at all (a caller who must not be verified). */
  z.object({ ...RubricBase, kind: z.literal('noDisclosure') }).strict(),
  /**
   * The patient's identifiers matched in the checklist; for a caller acting for the patient, also the
   * caller checked as who they are on file (`relatedPerson`, a RelatedPerson in resources). The report's
   * advice for this item follows who is calling; the scenario's own advice, when given, follows it.
   */
  z
    .object({
      ...RubricBase,
      advice: LocalisedSchema.optional(),
      kind: z.literal('identifiers'),
      identifiers: z.array(z.enum(IDENTIFIERS)).min(1),
      relatedPerson: PracticeId.optional(),
    })
    .strict(),
  /** The right red flags raised on the identity check (and still raised at the end); N/A when the cue turn was never reached and none was raised. */
  z.object({ ...RubricBase, kind: z.literal('redFlags'), flags: z.array(z.enum(RED_FLAGS)).min(1), cue: Id.optional() }).strict(),
  /** The right escalation (none when null), within N replies after the cue turn when one is given. */
  z
    .object({
      ...RubricBase,
      kind: z.literal('escalation'),
      expected: z.enum(ESCALATIONS).nullable(),
      cue: Id.optional(),
      withinReplies: z.number().int().min(0).max(20).optional(),
    })
    .strict(),
  z.object({ ...RubricBase, kind: z.literal('empathy'), min: z.number().int().min(1).max(10) }).strict(),
  z.object({ ...RubricBase, kind: z.literal('noTriggerPhrases') }).strict(),
  /** Each hold announced first and no longer than maxSeconds; N/A when the caller was never held. */
  z.object({ ...RubricBase, kind: z.literal('holdEtiquette'), maxSeconds: z.number().int().min(5).max(600) }).strict(),
  z.object({ ...RubricBase, kind: z.literal('handleTime'), targetSeconds: z.number().int().min(30).max(3600) }).strict(),
  z.object({ ...RubricBase, kind: z.literal('outcome'), outcomes: z.array(z.enum(OUTCOMES)).min(1) }).strict(),
]);
export type RubricItem = z.infer<typeof RubricItemSchema>;

export const ScenarioSchema = z
  .object({
    id: Id,
    title: LocalisedSchema,
    /**
     * What the trainee is told before the call, as a contact centre's queue would: who is calling and
     * why. Never the expected handling (that is `handling`, shown in the report after the call).
     */
    brief: LocalisedSchema,
    /** How the call should be handled: told in the report once the call is over. */
    handling: LocalisedSchema,
    /** The caller's language (captions and speech). */
    language: z.enum(LANGUAGE_CODES),
    topics: z.array(Id).min(1),
    caller: z.object({ number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number'), displayName: z.string().trim().min(1).max(80) }).strict(),
    persona: z
      .object({ name: z.string().trim().min(1).max(80), mood: z.enum(['calm', 'anxious', 'angry', 'distressed', 'deceptive']), description: LocalisedSchema })
      .strict(),
    /** The patient the call is about: a Patient in `resources`. */
    patientId: z.string().regex(/^prac-[a-z0-9-]{1,60}$/, 'a practice id: prac-…'),
    /** Synthetic FHIR R4 resources (ids start with prac-): the only data the practice store holds. */
    resources: z.array(z.object({ resourceType: z.string(), id: z.string().regex(/^prac-[a-z0-9-]{1,60}$/, 'a practice id: prac-…') }).loose()).min(1),
    /** Phrases from the record (a balance, a result, a date) that are a disclosure when the trainee says them. */
    protectedFacts: z.array(z.string().trim().min(2).max(120)).default([]),
    start: Id,
    turns: z.record(Id, TurnSchema),
    rubric: z.array(RubricItemSchema).min(1),
    /** Percent of the applicable weight needed to pass (with no automatic-fail item failed). */
    passMark: z.number().int().min(1).max(100).default(70),
  })
  .strict()
  .superRefine((s, ctx) => {
    const ids = new Set(Object.keys(s.turns));
    if (!ids.has(s.start)) ctx.addIssue({ code: 'custom', path: ['start'], message: `no turn named ${s.start}` });
    for (const [tid, turn] of Object.entries(s.turns)) {
      turn.next.forEach((b, i) => {
        if (!ids.has(b.goto)) ctx.addIssue({ code: 'custom', path: ['turns', tid, 'next', i, 'goto'], message: `no turn named ${b.goto}` });
        if (b.on === 'intent' && !turn.replies.some((r) => r.intent === b.intent)) {
          ctx.addIssue({ code: 'custom', path: ['turns', tid, 'next', i, 'intent'], message: `no reply of this turn has intent ${b.intent}` });
        }
      });
    }
    s.rubric.forEach((r, i) => {
      if ((r.kind === 'escalation' || r.kind === 'redFlags') && r.cue && !ids.has(r.cue))
        ctx.addIssue({ code: 'custom', path: ['rubric', i, 'cue'], message: `no turn named ${r.cue}` });
      if (r.kind === 'identifiers' && r.relatedPerson && !s.resources.some((x) => x.resourceType === 'RelatedPerson' && x.id === r.relatedPerson)) {
        ctx.addIssue({ code: 'custom', path: ['rubric', i, 'relatedPerson'], message: 'no RelatedPerson with this id in resources' });
      }
    });
    const rubricIds = s.rubric.map((r) => r.id);
    if (new Set(rubricIds).size !== rubricIds.length) ctx.addIssue({ code: 'custom', path: ['rubric'], message: 'rubric ids must be unique' });
    if (!s.resources.some((r) => r.resourceType === 'Patient' && r.id === s.patientId)) {
      ctx.addIssue({ code: 'custom', path: ['patientId'], message: 'no Patient with this id in resources' });
    }
  });
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** Picks the trainee's language, else English. */
export function localise(text: Localised, language: string): string {
  return (text as Record<string, string>)[language] ?? text.en;
}

/** A scenario file checked: the parsed scenario, or each problem as `path.to.field: reason`. */
export function parseScenario(json: unknown): { ok: true; scenario: Scenario } | { ok: false; errors: string[] } {
  const r = ScenarioSchema.safeParse(json);
  return r.success ? { ok: true, scenario: r.data } : { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(scenario)'}: ${i.message}`) };
}
