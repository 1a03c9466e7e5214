/**
 * The guidance packs (coach phrases, empathy prompts), read from `assets/prompts/<kind>.<lang>.json`
 * at start-up and validated: a team lead edits the files; a broken one is reported by file and path
 * and that language falls back to English instead of the app refusing to start.
 */
import path from 'node:path';
import type { z } from 'zod';
import { LANGUAGE_CODES, type LanguageCode } from '../../../shared/i18n/languages';
import { safeLog } from '../safe-log';
import { readJsonAsset } from './json-asset';

export function loadPacks<S extends z.ZodType>(assetsDir: string, kind: 'triggers' | 'prompts', schema: S): Map<LanguageCode, z.output<S>> {
  const packs = new Map<LanguageCode, z.output<S>>();
  for (const lang of LANGUAGE_CODES) {
    const file = path.join(assetsDir, 'prompts', `${kind}.${lang}.json`);
    try {
      packs.set(lang, readJsonAsset(file, schema, `The ${kind} pack`));
    } catch (err) {
      // Our own message (file and path, no patient data): the language falls back to English.
      safeLog.warn(err instanceof Error ? err.message : `${path.basename(file)} is unreadable`);
    }
  }
  if (!packs.has('en')) throw new Error(`The English ${kind} pack in ${path.join(assetsDir, 'prompts')} is missing or invalid`);
  return packs;
}
