// A trainee's line, read with the real prompt and trigger packs: empathy, trigger phrases,
// disclosures and which suggested reply it matches.
import { describe, expect, it } from 'vitest';
import triggersEn from '../../../assets/prompts/triggers.en.json';
import promptsEn from '../../../assets/prompts/prompts.en.json';
import promptsEs from '../../../assets/prompts/prompts.es.json';
import { TriggerPackSchema } from '../../../shared/guidance/coach';
import { PromptPackSchema } from '../../../shared/guidance/prompts';
import { analyseReply, empathyPhrases } from '../../../shared/practice/analyse-reply';
import { scenarioFacts } from '../../../shared/practice/disclosure';
import { fixture } from './fixture';

const lexicon = { triggers: TriggerPackSchema.parse(triggersEn), empathy: empathyPhrases(PromptPackSchema.parse(promptsEn)) };
const replies = fixture.turns.hello!.replies;
const read = (text: string, choice: (typeof replies)[number] | null = null) =>
  analyseReply(text, { replies, choice, facts: scenarioFacts(fixture), callerSaid: [], language: 'en', lexicon });

describe('analyseReply', () => {
  it('takes empathy phrases from the prompt packs (opening clause and stem), not from a list of its own', () => {
    expect(lexicon.empathy).toContain('thank you so much for waiting');
    expect(lexicon.empathy).toContain('it sounds like');
    expect(lexicon.empathy.some((p) => p.startsWith("i can't do that"))).toBe(false); // a denied request is not empathy
    expect(empathyPhrases(PromptPackSchema.parse(promptsEs)).length).toBeGreaterThan(3);
    expect(read('It sounds like a hard week. How can I help?').actions).toContain('empathy');
    expect(read('How can I help?').actions).toEqual(['reply']);
  });

  it("flags the coach's trigger phrases", () => {
    expect(read('Please calm down.').actions).toEqual(['reply', 'trigger']);
  });

  it('a protected fact said, or a disclosing reply chosen, is a disclosure', () => {
    expect(read('It is on march 3, see you then').actions).toContain('disclosed');
    expect(read('It is on the 3rd, see you then')).toMatchObject({ actions: ['reply', 'disclosed'], disclosed: ['protectedFacts: March 3'] });
    const chosen = read(replies[0]!.text.en, replies[0]);
    expect(chosen).toEqual({ actions: ['reply', 'disclosed', 'intent'], intent: 'tellDate', disclosed: ['protectedFacts: March 3'] });
  });

  it("a typed line with a reply's keyword or text counts as that reply", () => {
    expect(read('Could I get your date of birth first?')).toEqual({ actions: ['reply', 'intent'], intent: 'askDob', disclosed: [] });
    expect(read('hello there').intent).toBeNull();
  });
});
