/**
 * What an agent's desktop tells the team's leads about each contact, so the lead's KPIs cover the
 * whole team (every desktop keeps its own store): a SIP MESSAGE when an inbound call ends (times)
 * and when its wrap-up is saved (disposition, after-call work). No patient data: call id, times, a
 * disposition code. Validated on arrival like every MESSAGE body.
 */
import { z } from 'zod';
import { DispositionCode } from '../domain/dispositions';

const CallId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Iso = z.iso.datetime({ offset: true });

export const ContactNoticeSchema = z.discriminatedUnion('kind', [
  z
    .object({
      type: z.literal('carefront.contact'),
      kind: z.literal('call'),
      callId: CallId,
      offeredAt: Iso,
      answeredAt: Iso.nullable(),
      endedAt: Iso.nullable(),
    })
    .strict(),
  z
    .object({
      type: z.literal('carefront.contact'),
      kind: z.literal('wrapUp'),
      callId: CallId,
      disposition: DispositionCode,
      afterCallSeconds: z.number().int().min(0).max(86_400),
    })
    .strict(),
]);
export type ContactNotice = z.infer<typeof ContactNoticeSchema>;
