import { useTranslation } from 'react-i18next';

/** The guidance pane: during a call it holds verification, prompts and escalation (issue 5). */
export function GuidancePane() {
  const { t } = useTranslation();
  return (
    <section className="pane guidance" aria-labelledby="guidance-title">
      <h2 id="guidance-title">{t('guidance.title')}</h2>
      <p className="muted">{t('guidance.idle')}</p>
    </section>
  );
}
