// Folding text for the index and turning what the agent typed into a safe FTS5 query; the articles' small Markdown.
import { describe, expect, it } from 'vitest';
import { foldForIndex, matchQuery } from '../../../shared/knowledge/search-text';
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

  it('never passes query syntax through', () => {
    expect(matchQuery('a" OR "b')).toBe('"a" "OR" "b"*');
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
