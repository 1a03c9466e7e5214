/**
 * The trigger-phrase coach: catches what an agent should not say or write ("it's not our policy",
 * "there's nothing I can do", "calm down"…) and offers what the agent CAN say; and notices words of
 * crisis in what the agent writes down from the caller, so the crisis counsellor is one click away.
 * The phrase lists are data (`assets/prompts/triggers.<lang>.json`); matching is case- and
 * apostrophe-insensitive and returns spans for underlining.
 */
import { z } from 'zod';

export const TriggerPackSchema = z
  .object({
    language: z.string().min(2).max(5),
    triggers: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z][A-Za-z]{1,40}$/),
            phrases: z.array(z.string().min(2).max(120)).min(1),
            instead: z.array(z.string().min(2).max(300)).min(1),
          })
          .strict(),
      )
      .min(1),
    crisis: z.array(z.string().min(2).max(120)).min(1),
  })
  .strict();
export type TriggerPack = z.infer<typeof TriggerPackSchema>;

export interface CoachFinding {
  kind: 'trigger' | 'crisis';
  id: string;
  start: number;
  end: number;
  instead: string[];
}

/** Lower case, one kind of apostrophe; every character keeps its position (spans stay valid). */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[’‘`´]/g, "'");
}

export function coach(text: string, pack: TriggerPack): CoachFinding[] {
  const hay = normalise(text.slice(0, 20_000));
  const found: CoachFinding[] = [];
  const scan = (phrase: string, make: (start: number) => CoachFinding) => {
    const needle = normalise(phrase);
    for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) found.push(make(i));
  };
  for (const t of pack.triggers) {
    for (const p of t.phrases) scan(p, (start) => ({ kind: 'trigger', id: t.id, start, end: start + p.length, instead: t.instead }));
  }
  for (const p of pack.crisis) scan(p, (start) => ({ kind: 'crisis', id: 'crisis', start, end: start + p.length, instead: [] }));
  return found.sort((a, b) => a.start - b.start);
}
