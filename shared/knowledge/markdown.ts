/**
 * The small part of Markdown the articles use, read into blocks the page renders as React elements (never as
 * HTML): headings (#, ##, ###), paragraphs, bulleted and numbered lists, and **bold** inside them. Anything else
 * is kept as the text it is.
 */

/** A run of text, bold or not. */
export interface Inline {
  text: string;
  bold: boolean;
}

export type Block =
  { kind: 'heading'; level: 1 | 2 | 3; content: Inline[] } | { kind: 'paragraph'; content: Inline[] } | { kind: 'list'; ordered: boolean; items: Inline[][] };

/** `**bold**` runs split out of a line. */
export function inlines(line: string): Inline[] {
  const out: Inline[] = [];
  const parts = line.split('**');
  // An odd number of parts: every ** is paired; otherwise the last ** stays as written.
  const paired = parts.length % 2 === 1;
  parts.forEach((text, i) => {
    const bold = i % 2 === 1 && (paired || i < parts.length - 1);
    const value = !paired && i === parts.length - 1 && i % 2 === 1 ? `**${text}` : text;
    if (value) out.push({ text: value, bold });
  });
  return out;
}

const HEADING = /^(#{1,3})\s+(.*)$/;
const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseMarkdown(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: Inline[][] } | null = null;
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', content: inlines(paragraph.join(' ')) });
    paragraph = [];
    if (list) blocks.push({ kind: 'list', ...list });
    list = null;
  };
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (!line.trim()) flush();
    else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]?.length as 1 | 2 | 3, content: inlines(heading[2] ?? '') });
    } else if (bullet || numbered) {
      const ordered = !!numbered;
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(inlines((bullet ?? numbered)?.[1] ?? ''));
    } else if (list) {
      // A line under a list item continues it.
      const last = list.items[list.items.length - 1];
      if (last) last.push({ text: ` ${line.trim()}`, bold: false });
    } else paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** The words of an article without its Markdown marks: what the index searches and its snippets show. */
export function plainText(markdown: string): string {
  return parseMarkdown(markdown)
    .flatMap((b) => (b.kind === 'list' ? b.items : [b.content]))
    .map((parts) => parts.map((p) => p.text).join(''))
    .join('\n');
}
