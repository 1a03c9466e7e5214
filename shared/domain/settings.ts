/** The desk's own settings (kept by the main process, changed from the page). */
import type { LanguageCode } from '../i18n/languages';

export interface Settings {
  language: LanguageCode;
}
