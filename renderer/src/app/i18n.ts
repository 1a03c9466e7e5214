/**
 * i18next set-up: all six languages bundled (no network), keys typed from the English file,
 * and the document's `lang` and `dir` follow the language (Arabic right-to-left).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../../../shared/locales/en.json';
import es from '../../../shared/locales/es.json';
import fr from '../../../shared/locales/fr.json';
import de from '../../../shared/locales/de.json';
import zh from '../../../shared/locales/zh.json';
import ar from '../../../shared/locales/ar.json';
import { directionOf, LANGUAGE_CODES, type LanguageCode } from '../../../shared/i18n/languages';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

export function applyDocumentLanguage(code: LanguageCode): void {
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
}

export async function initI18n(language: LanguageCode): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGE_CODES],
    resources: {
      en: { translation: en },
      es: { translation: es },
      fr: { translation: fr },
      de: { translation: de },
      zh: { translation: zh },
      ar: { translation: ar },
    },
    interpolation: { escapeValue: false }, // React escapes; strings are rendered as text only
    returnNull: false,
  });
  applyDocumentLanguage(language);
  i18next.on('languageChanged', (lng) => {
    applyDocumentLanguage(lng as LanguageCode);
  });
}
