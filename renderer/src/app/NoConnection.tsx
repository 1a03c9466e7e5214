import { useTranslation } from 'react-i18next';

export function NoConnection() {
  const { t } = useTranslation();
  return (
    <main className="no-connection" role="alert">
      <h1>{t('app.title')}</h1>
      <p>{t('app.noConnection')}</p>
    </main>
  );
}
