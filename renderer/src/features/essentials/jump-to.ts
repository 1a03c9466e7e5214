/**
 * Takes the agent to a section of the workspace: it is scrolled into its pane's view and given the focus (a section
 * that is not focusable of its own becomes focusable from script only, so Tab order does not change). Nothing
 * happens when the section is not on the page.
 */
const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

export function jumpTo(selector: string): void {
  const target = document.querySelector<HTMLElement>(selector);
  if (!target) return;
  if (!target.matches(FOCUSABLE)) target.tabIndex = -1;
  target.scrollIntoView({ block: 'nearest' });
  target.focus({ preventScroll: true });
}
