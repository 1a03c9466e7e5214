/** The unmistakable practice-mode banner, on screen the whole time, and the window title to match. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export function PracticeBanner() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('practice.windowTitle');
  }, [t]);
  return (
    <aside className="practice-banner" aria-label={t('practice.title')} data-testid="practice-banner">
      <strong>{t('practice.title')}</strong> {t('practice.banner')}
    </aside>
  );
}
