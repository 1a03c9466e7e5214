/** Practice mode as the renderer sees it: the scenarios to pick, the call in progress, the report, the history. */
import type { LanguageCode } from '../i18n/languages';
import type { Localised, Scenario } from './schema';
import type { PracticeReport } from './score';

/**
 * A scenario on the picker: only what a trainee would be told before the call (who is calling, and
 * why) — never the caller's mood or language or the expected handling, which would give the answer
 * away; those come in the report.
 */
export interface ScenarioListing {
  id: string;
  /** For the history of calls already played (the picker card does not show it). */
  title: Localised;
  caller: string;
  brief: Localised;
}

export interface PracticeCaption {
  /** The caller's line, in the caller's language. */
  text: string;
  language: LanguageCode;
  at: string;
  /** The caller repeating themselves because nothing moved on. */
  nudge: boolean;
}

export interface PracticeView {
  scenarioId: string;
  /** The scenario's title and expected handling, told once the call is over. */
  title: Localised | null;
  handling: Localised | null;
  /** What the trainee was told before the call. */
  brief: Localised;
  trainee: string;
  callId: string;
  phase: 'ringing' | 'onCall' | 'finished';
  captions: PracticeCaption[];
  /** Suggested replies for the caller's current turn (the trainee may also type). */
  replies: { index: number; text: string }[];
  report: PracticeReport | null;
  /** Who the caller was, told once the call is over (a deceptive caller is not given away before). */
  persona: { name: string; description: Localised; mood: Scenario['persona']['mood']; language: LanguageCode } | null;
}

/** One finished practice call in a trainee's history; the store keeps the report as it was scored. */
export interface PracticeAttemptOf<R> {
  /** The practice store's row number, or the id of the server's resource when a lead's history was read from the FHIR server. */
  id: number | string;
  trainee: string;
  scenarioId: string;
  startedAt: string;
  endedAt: string;
  percent: number;
  passed: boolean;
  report: R;
}
export type PracticeAttempt = PracticeAttemptOf<PracticeReport>;
