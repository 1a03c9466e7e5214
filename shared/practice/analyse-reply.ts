/**
 * What a trainee's line to the caller amounts to: empathy (phrases from the team lead's prompt
 * packs), a trigger phrase (the coach's own lists), a disclosure (a protected fact of the record
 * said in any wording — see `disclosure.ts` — or a suggested reply that gives one away) and which suggested reply it matches. No phrase lists of
 * its own: the packs are the one place for them.
 */
import { coach, type TriggerPack } from '../guidance/coach';
import type { PromptPack } from '../guidance/prompts';
import { disclosedFacts, type Fact } from './disclosure';
import { localise, type Reply, type AgentAction } from './schema';

export interface Lexicon {
  triggers: TriggerPack;
  /** Normalised empathy phrases, from `empathyPhrases`. */
  empathy: string[];
}

export interface ReplyAnalysis {
  actions: AgentAction[];
  intent: string | null;
  /** Where each protected fact given away comes from (a record field, or a `protectedFacts` phrase). */
  disclosed: string[];
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** The moments whose prompts are empathy statements (a denied request's prompt is not). */
const EMPATHY_MOMENTS = new Set(['billingDispute', 'longHold', 'badNews', 'distress', 'bereavement']);

/** From a prompt pack: each empathy prompt's opening clause, and its first three words as a stem. */
export function empathyPhrases(pack: PromptPack): string[] {
  const out = new Set<string>();
  for (const p of pack.prompts) {
    if (!EMPATHY_MOMENTS.has(p.moment)) continue;
    const clause = normalise(p.text.split(/[.,;:!?…—。，！？、]/)[0] ?? '');
    if (clause.length >= 4) out.add(clause);
    const words = clause.split(' ');
    if (words.length >= 4) out.add(words.slice(0, 3).join(' '));
  }
  return [...out];
}

export function analyseReply(
  text: string,
  options: {
    replies: Reply[];
    choice: Reply | null;
    /** The scenario's protected facts (`scenarioFacts`). */
    facts: Fact[];
    /** The caller's lines so far: what they said themselves is not disclosed by saying it back. */
    callerSaid: readonly string[];
    language: string;
    lexicon: Lexicon;
  },
): ReplyAnalysis {
  const said = normalise(text);
  const actions = new Set<AgentAction>(['reply']);
  const findings = coach(text, options.lexicon.triggers);
  if (findings.some((f) => f.kind === 'trigger')) actions.add('trigger');
  if (options.lexicon.empathy.some((p) => said.includes(p))) actions.add('empathy');
  const disclosed = [...new Set(disclosedFacts(text, options.facts, options.callerSaid).map((f) => f.source))];
  if (disclosed.length) actions.add('disclosed');
  const matched = options.choice ?? options.replies.find((r) => matchesReply(said, r, options.language)) ?? null;
  if (matched) {
    actions.add('intent');
    if (matched.discloses) actions.add('disclosed');
  }
  return { actions: [...actions], intent: matched?.intent ?? null, disclosed };
}

function matchesReply(said: string, reply: Reply, language: string): boolean {
  if (said.includes(normalise(localise(reply.text, language))) || said.includes(normalise(reply.text.en))) return true;
  const keywords = [...(reply.keywords?.[language] ?? []), ...(language === 'en' ? [] : (reply.keywords?.en ?? []))];
  return keywords.some((k) => said.includes(normalise(k)));
}
