// Folding text for the index and turning what the agent typed into a safe FTS5 query; the articles' small Markdown.
import { describe, expect, it } from 'vitest';
import { foldForIndex, matchQuery, queryTerms } from '../../../shared/knowledge/search-text';
import { snippetOf } from '../../../shared/knowledge/snippet';
import { MATCH_END, MATCH_START } from '../../../shared/knowledge/article';
import { parseMarkdown, plainText } from '../../../shared/knowledge/markdown';

describe('folding for the index', () => {
  it('drops Arabic tashkeel and tatweel and writes alef/hamza variants one way', () => {
    expect(foldForIndex('التَّحْضِير')).toBe('التحضير');
    expect(foldForIndex('أإآٱ')).toBe('اااا');
    expect(foldForIndex('مسؤول مستشفى مدرسة')).toBe('مسوول مستشفي مدرسه');
    expect(foldForIndex('طــويل')).toBe('طويل');
  });

  it('cuts Chinese into words with an invisible separator, and leaves other text alone', () => {
    const folded = foldForIndex('结肠镜检查准备');
    expect(folded.replaceAll('\u200b', '')).toBe('结肠镜检查准备');
    expect(folded.split('\u200b').length).toBeGreaterThan(1);
    expect(foldForIndex('Crème brûlée')).toBe('Crème brûlée');
  });
});

describe('the query from what was typed', () => {
  it('quotes every word, and makes the last one a prefix while it is being typed', () => {
    expect(matchQuery('colon')).toBe('"colon"*');
    expect(matchQuery('referral sta')).toBe('"referral" "sta"*');
    expect(matchQuery('referral status ')).toBe('"referral" "status"');
  });

  it('leaves out a first letter typed after other words, and takes one alone as a whole word', () => {
    expect(matchQuery('good f')).toBe('"good"');
    expect(matchQuery('good fa')).toBe('"good" "fa"*');
    expect(matchQuery('a')).toBe('"a"');
    expect(matchQuery('口')).toBe('"口"');
  });

  it('never passes query syntax through', () => {
    expect(matchQuery('a" OR "bc')).toBe('"a" "OR" "bc"*');
    expect(matchQuery('title:colonoscopy')).toBe('"title colonoscopy"*');
    expect(matchQuery('*** ( ) -')).toBeNull();
    expect(matchQuery('')).toBeNull();
  });
});

describe("the articles' Markdown", () => {
  it('reads headings, paragraphs, lists and bold, and keeps anything else as text', () => {
    const blocks = parseMarkdown('# Title\n\nA **bold** word and <b>not html</b>.\ncontinued\n\n- one\n- two **2**\n\n1. first\n2. second\n   more');
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, content: [{ text: 'Title', bold: false }] },
      {
        kind: 'paragraph',
        content: [
          { text: 'A ', bold: false },
          { text: 'bold', bold: true },
          { text: ' word and <b>not html</b>. continued', bold: false },
        ],
      },
      {
        kind: 'list',
        ordered: false,
        items: [
          [{ text: 'one', bold: false }],
          [
            { text: 'two ', bold: false },
            { text: '2', bold: true },
          ],
        ],
      },
      {
        kind: 'list',
        ordered: true,
        items: [
          [{ text: 'first', bold: false }],
          [
            { text: 'second', bold: false },
            { text: ' more', bold: false },
          ],
        ],
      },
    ]);
    expect(parseMarkdown('an **unclosed bold')).toEqual([
      {
        kind: 'paragraph',
        content: [
          { text: 'an ', bold: false },
          { text: '**unclosed bold', bold: false },
        ],
      },
    ]);
  });

  it('gives the words without the marks', () => {
    expect(plainText('## Before\n\n- **Bring:** ID')).toBe('Before\nBring: ID');
  });
});

describe('the snippet of a result', () => {
  const S = MATCH_START;
  const E = MATCH_END;
  it('shows the words around the first match, the matched words marked, accents and case folded', () => {
    const text = 'One two three four five six seven eight nine ten. The Café serves crème brûlée every day of the week until late.';
    expect(snippetOf(text, queryTerms('creme brul'), 8)).toBe(`…The Café serves ${S}crème${E} ${S}brûlée${E} every day of…`);
    expect(snippetOf(text, queryTerms('one'), 4)).toBe(`${S}One${E} two three four…`);
  });

  it('starts at the beginning when nothing in the text matched (the title did)', () => {
    expect(snippetOf('Short text here.', queryTerms('absent'), 14)).toBe('Short text here');
    expect(snippetOf('', queryTerms('absent'), 14)).toBe('');
  });
});
