/**
 * What the call code needs of a call's media, beyond sip.js's offer/answer: both session description
 * handlers (media-bridge-sdh.ts in the app, node-rtp-sdh.ts in Node tests and the benchmark) implement
 * it, and the host's `createMedia` returns it, so the softphone never guesses what a handler can do.
 */
import type { SessionDescriptionHandler, SessionDescriptionHandlerOptions } from 'sip.js';
import type { MonitorMode } from '../../shared/domain/monitor';

/** What our re-INVITEs ask of the media: sip.js hands it to `getDescription` as its options. */
export interface CallMediaOptions extends SessionDescriptionHandlerOptions {
  /** Offer the call on hold (sendonly), or take it off hold. */
  hold?: boolean;
  /** Fresh ICE credentials (after a network change). */
  iceRestart?: boolean;
}

export interface CallMedia extends SessionDescriptionHandler {
  /** Stops or resumes sending the microphone; the call carries on. */
  setMuted(muted: boolean): void;
  /** Whether DTMF can go in the media path (RFC 4733); when not, it goes as SIP INFO. */
  supportsRtpDtmf(): boolean;
  /** Conference: mixes this leg with another of the same kind; rejects (or throws) when the mix carries no audio. */
  bridgeWith(other: CallMedia): void | Promise<void>;
  /** Undoes this leg's part in a mix (conference or monitoring). */
  unbridge(): void | Promise<void>;
  /** Monitoring: this is a lead's leg; routes its audio with the call's as the mode says; rejects when it cannot. */
  monitorOf(call: CallMedia, mode: MonitorMode): void | Promise<void>;
}
