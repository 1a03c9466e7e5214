/**
 * A patient's or caller's name on the page: isolated from the text around it (an Arabic name in an
 * English line, or the reverse, never reorders its neighbours), wrapped anywhere and clamped to a few
 * lines (the whole name stays in the title and for screen readers).
 */
export function PersonName({ name, className }: { name: string; className?: string }) {
  return (
    <bdi className={className ? `person-name ${className}` : 'person-name'} title={name.length > 80 ? name : undefined}>
      {name}
    </bdi>
  );
}

/** A name inside a translated sentence: wrapped in Unicode isolates (FSI … PDI), the plain-text <bdi>. */
export const isolateName = (name: string): string => `\u2068${name}\u2069`;
