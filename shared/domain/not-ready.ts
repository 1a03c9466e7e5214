/**
 * Not-ready reasons and care for the agent. Why an agent is not ready for calls comes from a data file
 * (assets/not-ready/reasons.json): each reason's id (labelled in the locale files under notReady.reasons)
 * and an optional limit in minutes after which the team lead is alerted. A call is hard when it ended in a
 * crisis or privacy escalation or with an abusive caller; the lead is told of it with the kind and how many
 * hard calls came in a row, never anything of the caller or patient.
 */
import { z } from 'zod';
import type { Escalation } from '../escalation/targets';

/** A reason's id as the status, the presence document and the board carry it. */
export const NotReadyReasonId = z.string().regex(/^[a-z][A-Za-z0-9]{1,47}$/, 'a not-ready reason id is a word of letters and digits');
/** The reason the idle lock and a plain "break" use. */
export const DEFAULT_NOT_READY_REASON = 'break';
/** The short reset offered after a hard call. */
export const RESET_REASON = 'afterDifficultCall';
/** What the lead's board shows for a reason its own file does not know. */
export const OTHER_NOT_READY_REASON = 'other';

export const NotReadyReasonSchema = z
  .object({
    id: NotReadyReasonId,
    /** After this many minutes in the reason the lead is alerted (fractions allowed); none: never. */
    limitMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .optional(),
  })
  .strict();
export type NotReadyReason = z.infer<typeof NotReadyReasonSchema>;

export const NotReadyReasonsFileSchema = z
  .object({
    $comment: z.string().optional(),
    reasons: z.array(NotReadyReasonSchema).min(1).max(30),
  })
  .strict()
  .refine((f) => new Set(f.reasons.map((r) => r.id)).size === f.reasons.length, { error: 'each reason id appears once', path: ['reasons'] })
  .refine((f) => [DEFAULT_NOT_READY_REASON, RESET_REASON].every((id) => f.reasons.some((r) => r.id === id)), {
    error: `the reasons include '${DEFAULT_NOT_READY_REASON}' (the idle lock) and '${RESET_REASON}' (the reset after a hard call)`,
    path: ['reasons'],
  })
  .refine((f) => f.reasons.every((r) => r.id !== OTHER_NOT_READY_REASON), {
    error: `'${OTHER_NOT_READY_REASON}' is what the board shows for an unknown reason: it is not a reason id`,
    path: ['reasons'],
  });
export type NotReadyReasonsFile = z.infer<typeof NotReadyReasonsFileSchema>;

/** The reasons as loaded: looked up by id; an unknown id is nothing. */
export class NotReadyCatalog {
  private readonly byId: ReadonlyMap<string, NotReadyReason>;

  constructor(readonly all: readonly NotReadyReason[]) {
    this.byId = new Map(all.map((r) => [r.id, r]));
  }

  get(id: string | null | undefined): NotReadyReason | null {
    return id ? (this.byId.get(id) ?? null) : null;
  }

  /** The id as this desk shows it: one of its file's, else "other". */
  known(id: string): string {
    return this.byId.has(id) ? id : OTHER_NOT_READY_REASON;
  }
}

/** What made a call hard. */
export const HARD_CALL_KINDS = ['crisis', 'privacy', 'abusive'] as const;
export const HardCallKindSchema = z.enum(HARD_CALL_KINDS);
export type HardCallKind = z.infer<typeof HardCallKindSchema>;

/** The escalations that make a call hard. */
export const HARD_ESCALATIONS: Partial<Record<Escalation, HardCallKind>> = { crisisCounsellor: 'crisis', privacyOfficer: 'privacy' };

/**
 * What the agent's desktop tells the team's leads after a wrap-up when the run of hard calls changes: the
 * agent, what made the last call hard (none for an ordinary call, which ends the run) and how many hard
 * calls came in a row. No caller, no patient, no call content. Validated on arrival.
 */
export const HardCallNoticeSchema = z
  .object({
    type: z.literal('carefront.hardCall'),
    agent: z.string().max(200),
    kinds: z.array(HardCallKindSchema).max(HARD_CALL_KINDS.length),
    inARow: z.number().int().min(0).max(1000),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();
export type HardCallNotice = z.infer<typeof HardCallNoticeSchema>;

/** What the agent's page is offered after a hard call: the reset's reason and its limit (no call, no caller). */
export interface ResetOffer {
  kinds: HardCallKind[];
  reason: string;
  limitMinutes: number | null;
}

/** Time each agent spent in each not-ready reason, as the lead's desk saw it (seconds). */
export interface NotReadyTimes {
  agents: { agent: string; name: string; seconds: Record<string, number> }[];
  team: Record<string, number>;
  /** Since when the lead's desk has been counting (ISO). */
  since: string;
}
