/**
 * Monitoring: a team lead steps into an agent's call. `listen`: the lead hears caller and agent, the
 * lead's microphone goes nowhere. `whisper` (coaching): the lead also talks, and only the agent hears
 * it. `barge`: all three talk. The lead's desktop calls the agent with the mode in a header; the
 * agent's desktop accepts only from a configured team lead, mixes the audio itself (the caller's leg
 * is never touched, so nothing is announced in-band) and audits every session.
 */
import { z } from 'zod';

export const MONITOR_MODES = ['listen', 'whisper', 'barge'] as const;
export const MonitorModeSchema = z.enum(MONITOR_MODES);
export type MonitorMode = z.infer<typeof MonitorModeSchema>;

/** The SIP header carrying the mode on the lead's INVITE; a mode change goes in an INFO of this content type. */
export const MONITOR_HEADER = 'X-Carefront-Monitor';
export const MONITOR_INFO_TYPE = 'application/x-carefront-monitor';
/** The Reason (RFC 3326) on the BYE when the agent's desktop ends a monitoring leg whose audio failed. */
export const MONITOR_AUDIO_FAILED = { cause: 500, text: 'monitoring audio failed' } as const;

export interface MonitorSession {
  /** The lead's call to the agent (on the lead's desktop) or the lead's leg (on the agent's). */
  callId: string;
  agent: string;
  lead: string;
  mode: MonitorMode;
  startedAt: string;
}
