/** A guide step's knowledge-base article, named by its slug: a labelled reference the agent can look up. */
import { useTranslation } from 'react-i18next';

export function GuideArticleRef({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <p className="guide-article" data-article={slug}>
      <span className="muted">{t('guides.article')}</span>{' '}
      <bdi dir="ltr">
        <code>{slug}</code>
      </bdi>
    </p>
  );
}
