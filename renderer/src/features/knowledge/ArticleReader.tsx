/**
 * An article open to be read aloud: larger type, the Markdown as elements, marked when its review date has passed,
 * and told when it is shown in English because it is not written in the agent's language. Escape or Close closes it.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf, LANGUAGES } from '../../../../shared/i18n/languages';
import type { KnowledgeArticleView } from '../../../../shared/knowledge/article';
import { ArticleBody } from './ArticleBody';
import { useKnowledge } from './store';

export function ArticleReader({ article }: { article: KnowledgeArticleView }) {
  const { t, i18n } = useTranslation();
  const close = useKnowledge((s) => s.close);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening an article takes the focus to it, so it is read from its title.
  useEffect(() => {
    heading.current?.focus();
  }, [article.slug, article.language]);
  const asked = LANGUAGES.find((l) => l.code === i18n.language)?.name ?? i18n.language;
  return (
    <article
      className="knowledge-reader"
      aria-labelledby="knowledge-reader-title"
      lang={article.language}
      dir={directionOf(article.language)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <header className="knowledge-reader-head">
        <h3 id="knowledge-reader-title" ref={heading} tabIndex={-1}>
          {article.title}
        </h3>
        <button type="button" className="secondary" onClick={close} lang={i18n.language}>
          {t('knowledge.close')}
        </button>
      </header>
      <div className="knowledge-reader-notes" lang={i18n.language} dir={directionOf(i18n.language)}>
        {article.outOfDate && (
          <p className="knowledge-overdue" role="note">
            {t('knowledge.reviewOverdueSince', { date: article.reviewBy, owner: article.owner })}
          </p>
        )}
        {article.fallback && (
          <p className="knowledge-fallback" role="note">
            {t('knowledge.fallback', { language: asked })}
          </p>
        )}
      </div>
      <ArticleBody markdown={article.body} />
      <p className="muted knowledge-owner" lang={i18n.language} dir={directionOf(i18n.language)}>
        {t('knowledge.owner', { owner: article.owner, date: article.reviewBy })}
      </p>
    </article>
  );
}
