/**
 * How far the agent went through a call's guide, saved with the wrap-up: the guide (its call reason), the language
 * it was read in, the step ids walked in order, the checklist items ticked, and whether it reached an end step.
 */
import { z } from 'zod';
import { CallReasonSchema } from '../domain/call-reasons';
import { LANGUAGE_CODES } from '../i18n/languages';

const StepId = z.string().regex(/^[a-z][a-zA-Z0-9-]{0,60}$/);

export const GuideProgressSchema = z
  .object({
    guide: CallReasonSchema,
    language: z.enum(LANGUAGE_CODES),
    path: z.array(StepId).min(1).max(200),
    /** Ticked checklist items, as `<step id>.<item id>`. */
    checked: z.array(z.string().regex(/^[a-z][a-zA-Z0-9-]{0,60}\.[a-z][a-zA-Z0-9-]{0,60}$/)).max(200),
    finished: z.boolean(),
  })
  .strict();
export type GuideProgress = z.infer<typeof GuideProgressSchema>;
