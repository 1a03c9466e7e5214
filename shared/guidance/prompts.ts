/**
 * Scripted empathy prompts for the moment of the call. The texts are data
 * (`assets/prompts/prompts.<lang>.json`, edited by team leads); this module validates a pack and picks
 * the prompts for the situation: what the agent says is going on, the patient's flags, a long hold.
 */
import { z } from 'zod';

export const MOMENTS = ['billingDispute', 'longHold', 'badNews', 'distress', 'deniedRequest', 'bereavement'] as const;
export type Moment = (typeof MOMENTS)[number];

export const PromptPackSchema = z
  .object({
    language: z.string().min(2).max(5),
    longHoldSeconds: z.number().int().min(10).max(3600),
    prompts: z.array(z.object({ id: z.string().regex(/^[a-z][A-Za-z0-9]{1,40}$/), moment: z.enum(MOMENTS), text: z.string().min(5).max(400) }).strict()).min(1),
  })
  .strict()
  .refine((p) => MOMENTS.every((m) => p.prompts.some((x) => x.moment === m)), { error: 'every moment needs at least one prompt' });
export type PromptPack = z.infer<typeof PromptPackSchema>;

export interface PromptContext {
  /** What the agent picked ("the caller disputes a bill"). */
  chosen: Moment | null;
  /** Special-handling flags on the record (their text and category). */
  flags: { category: string | null; text: string }[];
  /** How long the current caller has been on hold, in seconds. */
  holdSeconds: number;
}

/** The moments the situation calls for, most pressing first. */
export function momentsFor(ctx: PromptContext, pack: PromptPack): Moment[] {
  const out: Moment[] = [];
  if (ctx.chosen) out.push(ctx.chosen);
  if (ctx.holdSeconds >= pack.longHoldSeconds) out.push('longHold');
  const flagText = ctx.flags.map((f) => `${f.category ?? ''} ${f.text}`.toLowerCase()).join(' ');
  if (/bereave|deceased|death/.test(flagText)) out.push('bereavement');
  if (/billing|balance|dispute/.test(flagText)) out.push('billingDispute');
  return [...new Set(out)];
}

export function selectPrompts(ctx: PromptContext, pack: PromptPack) {
  return momentsFor(ctx, pack).flatMap((m) => pack.prompts.filter((p) => p.moment === m));
}
