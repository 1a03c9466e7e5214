/** An article's Markdown as React elements: headings, paragraphs, lists and bold (shared/knowledge/markdown.ts); no HTML. */
import { parseMarkdown, type Inline } from '../../../../shared/knowledge/markdown';

function Inlines({ parts }: { parts: Inline[] }) {
  return <>{parts.map((p, i) => (p.bold ? <strong key={i}>{p.text}</strong> : <span key={i}>{p.text}</span>))}</>;
}

export function ArticleBody({ markdown }: { markdown: string }) {
  return (
    <>
      {parseMarkdown(markdown).map((b, i) => {
        if (b.kind === 'paragraph')
          return (
            <p key={i}>
              <Inlines parts={b.content} />
            </p>
          );
        if (b.kind === 'heading') {
          // The reader's own title is an h3: the article's headings sit below it.
          const Tag = b.level === 3 ? 'h5' : 'h4';
          return (
            <Tag key={i}>
              <Inlines parts={b.content} />
            </Tag>
          );
        }
        const List = b.ordered ? 'ol' : 'ul';
        return (
          <List key={i}>
            {b.items.map((item, j) => (
              <li key={j}>
                <Inlines parts={item} />
              </li>
            ))}
          </List>
        );
      })}
    </>
  );
}
