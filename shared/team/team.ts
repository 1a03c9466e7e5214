/**
 * The team as data (`assets/team/team.json`, edited by the site): who leads it (only they may listen
 * in, whisper or barge on its agents' calls) and who is on it (the team-lead board's rows). Thresholds
 * for the lead's alerts and the service-level target live beside it (`assets/team/thresholds.json`).
 */
import { z } from 'zod';

/** A SIP user on the team's domain (the user part of its address). */
export const SipUserSchema = z.string().regex(/^[A-Za-z0-9._~+-]{1,64}$/, 'a SIP user name');

export const TeamSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Team leads: notified of escalations, and the only ones an agent's desktop accepts a monitoring call from. */
    leads: z.array(SipUserSchema).min(1).max(20),
    members: z
      .array(z.object({ agent: SipUserSchema, name: z.string().trim().min(1).max(80) }).strict())
      .max(2000)
      .refine((ms) => new Set(ms.map((m) => m.agent)).size === ms.length, { error: 'each agent once' }),
  })
  .strict();
export type Team = z.infer<typeof TeamSchema>;

export const ThresholdsSchema = z
  .object({
    alerts: z
      .object({
        /** A call longer than this raises an alert. */
        longCallSeconds: z.number().int().min(10).max(86_400),
        /** Wrap-up longer than this raises an alert. */
        longWrapUpSeconds: z.number().int().min(10).max(86_400),
      })
      .strict(),
    /** Service level "X % answered within Y s" (e.g. 80/20). */
    serviceLevel: z.object({ targetPercent: z.number().min(1).max(100), answeredWithinSeconds: z.number().int().min(1).max(600) }).strict(),
  })
  .strict();
export type Thresholds = z.infer<typeof ThresholdsSchema>;
