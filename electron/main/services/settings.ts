/**
 * Local settings, a small JSON file in the data directory. Validated on load: a damaged or hand-edited
 * file never crashes the app; it is kept aside as `settings.json.invalid-<time>` and defaults are used.
 * Writes are atomic (temp file + rename) so a crash never leaves half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LANGUAGE_CODES } from '../../../shared/i18n/languages';
import type { Settings } from '../../../shared/ipc/contract';
import { safeLog } from '../safe-log';

const SettingsSchema = z.object({
  language: z.enum(LANGUAGE_CODES).default('en'),
});

export class SettingsStore {
  private current: Settings;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json');
    this.current = this.load();
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.current, ...patch });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    this.current = next;
    return this.get();
  }

  private load(): Settings {
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch {
      return SettingsSchema.parse({});
    }
    try {
      const parsed = SettingsSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      /* not JSON: handled below */
    }
    const aside = `${this.file}.invalid-${Date.now()}`;
    fs.renameSync(this.file, aside);
    safeLog.warn(`settings file was invalid; kept it as ${path.basename(aside)} and started from defaults`);
    return SettingsSchema.parse({});
  }
}
