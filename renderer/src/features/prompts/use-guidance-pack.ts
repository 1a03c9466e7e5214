/** The coach phrases or the empathy prompts for the UI language, fetched once per language from main. */
import { useEffect, useState } from 'react';
import type { TriggerPack } from '../../../../shared/guidance/coach';
import type { PromptPack } from '../../../../shared/guidance/prompts';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import type { ArgsOf } from '../../../../shared/ipc/contract';
import { invoke } from '../../app/api';

type Packs = { 'guidance.triggers': TriggerPack; 'guidance.prompts': PromptPack };
const cache = new Map<string, unknown>();

export function useGuidancePack<C extends keyof Packs>(channel: C, language: string): Packs[C] | null {
  const key = `${channel}:${language}`;
  const [pack, setPack] = useState<Packs[C] | null>((cache.get(key) as Packs[C] | undefined) ?? null);
  useEffect(() => {
    const known = cache.get(key) as Packs[C] | undefined;
    if (known) return setPack(known);
    void invoke(channel, { language: language as LanguageCode } as ArgsOf<C>).then((r) => {
      if (r.ok) {
        cache.set(key, r.value);
        setPack(r.value as Packs[C]);
      }
    });
  }, [channel, key, language]);
  return pack;
}
