/**
 * The team's worklist policy (assets/worklist/worklist-policy.json): the pools its desks show, when an unworked claim
 * is released, when an unanswered call's callback is due, when a billing dispute and a referral follow-up raised from the
 * patient view are due, how often an open list is read again, when a re-read is
 * audited as a view again, and how many open tasks a read takes at most. Validated when loaded; a broken file stops start-up, saying why.
 */
import path from 'node:path';
import { z } from 'zod';
import { WORKLIST_POOLS } from '../../shared/domain/worklist';
import { readJsonAsset } from '../main/services/json-asset';

export const WorklistPolicySchema = z
  .object({
    $comment: z.string().optional(),
    pools: z
      .array(z.enum(WORKLIST_POOLS))
      .min(1)
      .refine((p) => new Set(p).size === p.length, { error: 'each pool once' }),
    /** A claim not completed within this time goes back to its pool (any desk that reads the list does it). */
    releaseUnworkedClaimsAfterMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    /** The callback for a call that rang unanswered, or was abandoned in the queue, is due this long after it ended. */
    unansweredCallbackDueMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60),
    /** A billing dispute raised from the patient view is due this many days after it was raised. */
    billingDisputeDueDays: z.number().int().min(0).max(90),
    /** A referral follow-up raised from the patient view is due this many days after it was raised. */
    referralFollowUpDueDays: z.number().int().min(0).max(90),
    refreshSeconds: z.number().int().min(5).max(600),
    /**
     * A desk's read of the list is audited as a view of the patients on it; a re-read within this time names only the
     * patients newly on the list (the list is read again every `refreshSeconds`: the same view is not logged again and
     * again, and an audit trail of thousands of names every half minute does not flood the server).
     */
    viewAuditedAgainAfterMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    maxOpenTasks: z.number().int().min(1).max(20_000),
  })
  .strict();
export type WorklistPolicy = z.infer<typeof WorklistPolicySchema>;

export const DEFAULT_WORKLIST_POLICY: WorklistPolicy = {
  pools: [...WORKLIST_POOLS],
  releaseUnworkedClaimsAfterMinutes: 30,
  unansweredCallbackDueMinutes: 60,
  billingDisputeDueDays: 5,
  referralFollowUpDueDays: 3,
  refreshSeconds: 30,
  viewAuditedAgainAfterMinutes: 15,
  maxOpenTasks: 5000,
};

export function loadWorklistPolicy(assetsDir: string): WorklistPolicy {
  return readJsonAsset(path.join(assetsDir, 'worklist', 'worklist-policy.json'), WorklistPolicySchema, 'The worklist policy');
}
