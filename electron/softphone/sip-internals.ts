/**
 * The only places the softphone reaches past sip.js's public API (sip.js 0.21; check them when it is
 * upgraded). Each is needed because sip.js's public behaviour at that point would end a call or lose
 * a state, and each is as narrow as it can be:
 * - a re-INVITE whose answer cannot be applied (or whose offer cannot be rolled back) makes sip.js
 *   hang up; we keep the call on the media it had (`keepCallThroughFailedAnswer`);
 * - whether the far end has acknowledged our 2xx is known to sip.js's dialog only (`dialogAcked`);
 * - a Publisher does not say when a PUBLISH got its final response (`onPublishResponse`).
 */
import type { Publisher, Session } from 'sip.js';
import type { IncomingResponseMessage } from 'sip.js/lib/core';

/** The protected steps of a sip.js Session that turn a failed renegotiation into a hang-up. */
interface SessionMediaSteps {
  setAnswer(...args: unknown[]): Promise<void>;
  rollbackOffer(): Promise<void>;
}

/**
 * For the one re-INVITE of ours in flight on `session`: an answer that cannot be applied is rolled
 * back instead of ending the call, and a rollback that fails is ignored. `answerFailed` tells the
 * caller whether that happened; `restore` puts sip.js's own steps back (call it when the re-INVITE
 * is settled, whichever way).
 */
export function keepCallThroughFailedAnswer(session: Session): { answerFailed: () => boolean; restore: () => void } {
  const steps = session as unknown as SessionMediaSteps;
  // sip.js's own steps, bound to the session before ours take their place.
  const setAnswer = steps.setAnswer.bind(session);
  const rollbackOffer = steps.rollbackOffer.bind(session);
  let failed = false;
  steps.setAnswer = (...args: unknown[]) =>
    setAnswer(...args).catch(async () => {
      failed = true;
      await rollbackOffer().catch(() => undefined);
    });
  steps.rollbackOffer = () => rollbackOffer().catch(() => undefined);
  return {
    answerFailed: () => failed,
    restore: () => {
      delete (steps as Partial<SessionMediaSteps>).setAnswer;
      delete (steps as Partial<SessionMediaSteps>).rollbackOffer;
    },
  };
}

/** Whether sip.js's dialog has seen the ACK of the initial 2xx (its `ackWait` is cleared by it); false without a dialog. */
export function dialogAcked(session: Session): boolean {
  const dialog = session.dialog as unknown as { ackWait?: boolean } | undefined;
  return dialog !== undefined && dialog.ackWait === false;
}

/** Calls `listener` with the status of every response the publisher receives, after sip.js has handled it. */
export function onPublishResponse(publisher: Publisher, listener: (statusCode: number) => void): void {
  const p = publisher as unknown as { receiveResponse(response: IncomingResponseMessage): void };
  const receive = p.receiveResponse.bind(publisher);
  p.receiveResponse = (response) => {
    receive(response);
    listener(response.statusCode ?? 0);
  };
}
