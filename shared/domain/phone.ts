/** The agent's SIP account, validated wherever it comes from (settings file, IPC, CLI). */
import { z } from 'zod';

const sipUri = z
  .string()
  .trim()
  .max(200)
  .regex(/^sips?:[A-Za-z0-9._~+-]{1,64}@[A-Za-z0-9.-]{1,120}(:\d{1,5})?$/, 'a SIP URI such as sip:agent42@pbx.example.org');
const wsUrl = z
  .string()
  .trim()
  .max(300)
  .regex(/^wss?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/, 'a ws:// or wss:// URL of the SIP server');

export const SipAccountSchema = z
  .object({
    uri: sipUri,
    authUser: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._~+-]+$/, 'letters, digits and . _ ~ + - only'),
    password: z.string().min(1).max(256),
    server: wsUrl,
    outboundProxy: z
      .string()
      .trim()
      .max(200)
      .regex(
        /^sips?:([A-Za-z0-9._~+-]{1,64}@)?[A-Za-z0-9.-]{1,120}(:\d{1,5})?(;transport=(udp|tcp|tls|ws|wss))?$/,
        'a SIP proxy address such as sip:edge.example.org:5060',
      )
      .optional(),
    displayName: z.string().trim().max(80).optional(),
    /** ISO 3166 region for dialled numbers without a country code. */
    region: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('US'),
  })
  .strict()
  .refine((a) => !a.server.startsWith('ws://') || /^ws:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(a.server), {
    error: 'an unencrypted ws:// server is allowed only on this machine; use wss://',
    path: ['server'],
  });
export type SipAccount = z.infer<typeof SipAccountSchema>;

/** Whether the phone can take calls, and if not, why (an error code the UI translates). */
export interface PhoneStatus {
  registration: 'offline' | 'registering' | 'registered' | 'reconnecting' | 'failed';
  /** Why the phone is not registered, as an error code the UI translates (e.g. not configured). */
  reason: 'notConfigured' | 'wrongPassword' | 'serverUnreachable' | null;
}
