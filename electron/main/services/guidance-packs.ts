/**
 * The coach's phrase packs, read from `assets/prompts/triggers.<lang>.json` at start-up and validated:
 * a team lead edits the files; a broken one is reported by file and path and the app falls back to
 * English for that language instead of refusing to start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TriggerPackSchema, type TriggerPack } from '../../../shared/guidance/coach';
import { LANGUAGE_CODES, type LanguageCode } from '../../../shared/i18n/languages';
import { safeLog } from '../safe-log';

export function loadTriggerPacks(assetsDir: string): Map<LanguageCode, TriggerPack> {
  const packs = new Map<LanguageCode, TriggerPack>();
  for (const lang of LANGUAGE_CODES) {
    const file = path.join(assetsDir, 'prompts', `triggers.${lang}.json`);
    try {
      const parsed = TriggerPackSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (parsed.success) packs.set(lang, parsed.data);
      else safeLog.warn(`coach phrases ${path.basename(file)} invalid at ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    } catch {
      safeLog.warn(`coach phrases ${path.basename(file)} unreadable`);
    }
  }
  if (!packs.has('en')) throw new Error(`The English coach phrases in ${path.join(assetsDir, 'prompts')} are missing or invalid`);
  return packs;
}
