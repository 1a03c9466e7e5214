/** A snippet with the matched words between the index's markers, shown as <mark> elements (text only, never HTML). */
import { MATCH_END, MATCH_START } from '../../../../shared/knowledge/article';

export function Marked({ text }: { text: string }) {
  const parts = text.split(MATCH_START).flatMap((chunk, i) => {
    if (i === 0) return [{ text: chunk, marked: false }];
    const end = chunk.indexOf(MATCH_END);
    return end < 0
      ? [{ text: chunk, marked: false }]
      : [
          { text: chunk.slice(0, end), marked: true },
          { text: chunk.slice(end + MATCH_END.length), marked: false },
        ];
  });
  return <>{parts.map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : p.text ? <span key={i}>{p.text}</span> : null))}</>;
}
