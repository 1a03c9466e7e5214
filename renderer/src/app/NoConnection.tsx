import { useTranslation } from 'react-i18next';

export function NoConnection() {
  const { t } = useTranslation();
  return (
    <main className="no-connection">
      <h1>{t('app.title')}</h1>
      <p role="alert">{t('app.noConnection')}</p>
    </main>
  );
}
