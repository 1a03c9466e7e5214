/** A guide step's knowledge-base article: one key opens it in the reader beside the call, to read aloud. */
import { useTranslation } from 'react-i18next';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import { useKnowledge } from '../knowledge/store';

export function GuideArticleRef({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const open = useKnowledge((s) => s.open);
  return (
    <p className="guide-article" data-article={slug}>
      <span className="muted">{t('guides.article')}</span>{' '}
      <button type="button" className="link" onClick={() => void open(slug, i18n.language as LanguageCode)}>
        {t('guides.openArticle')}
      </button>{' '}
      <bdi dir="ltr" className="muted small">
        <code>{slug}</code>
      </bdi>
    </p>
  );
}
