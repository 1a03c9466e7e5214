/** The WebSocket bridge's wire format: requests carry an id; results echo it; events are pushed. */
import { z } from 'zod';
import type { CarefrontError } from '../errors';

const BridgeRequestSchema = z.object({
  kind: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  args: z.unknown(),
});
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

export type BridgeResponse =
  | { kind: 'result'; id: number | null; result: { ok: true; value: unknown } | { ok: false; error: CarefrontError } }
  | { kind: 'event'; event: string; payload: unknown };

export function parseBridgeRequest(text: string): BridgeRequest | null {
  try {
    const parsed = BridgeRequestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
