/**
 * The screen pop's finish line, as a Performance API mark: the moment the pop is on screen (the
 * patient view for a single match, the list to choose from for several, the search for none). The
 * mark carries when the INVITE reached the main process, so `npm run bench` can measure the whole
 * path in the real renderer. It holds no patient data.
 */
import type { ScreenPop } from '../../../../shared/ipc/contract';

export const POP_RENDERED_MARK = 'carefront.screenPop.rendered';
/** The pop event reached the page (before any rendering): splits the figure into delivery and drawing. */
export const POP_RECEIVED_MARK = 'carefront.screenPop.received';

export interface PopRenderedDetail {
  callId: string;
  inviteAt: number;
  matches: number;
}

let pending: (PopRenderedDetail & { patientId: string | null }) | null = null;

/** A pop arrived: its finish line is the view of its single match, or the pop itself otherwise. */
export function popArrived(pop: ScreenPop): void {
  performance.mark(POP_RECEIVED_MARK, { detail: { callId: pop.callId } });
  const single = pop.matches.length === 1 ? pop.matches[0] : undefined;
  pending = { callId: pop.callId, inviteAt: pop.inviteAt, matches: pop.matches.length, patientId: single?.patientId ?? null };
}

/** Something the pop waits for was rendered: the view of `patientId`, or (null) the pop banner. */
export function popShown(patientId: string | null): void {
  if (!pending || pending.patientId !== patientId) return;
  const { callId, inviteAt, matches } = pending;
  pending = null;
  // After the frame is painted, not merely committed.
  requestAnimationFrame(() => setTimeout(() => performance.mark(POP_RENDERED_MARK, { detail: { callId, inviteAt, matches } satisfies PopRenderedDetail }), 0));
}
