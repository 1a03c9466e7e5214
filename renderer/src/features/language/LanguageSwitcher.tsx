import { useTranslation } from 'react-i18next';
import { LANGUAGES, type LanguageCode } from '../../../../shared/i18n/languages';
import { useLanguage } from './store';

/** Changes the UI language at once and remembers it in the main process's settings. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const change = useLanguage((s) => s.change);
  return (
    <div className="language">
      <label htmlFor="language-switcher">{t('language.label')}</label>
      <select id="language-switcher" value={i18n.language} onChange={(e) => void change(e.target.value as LanguageCode)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
