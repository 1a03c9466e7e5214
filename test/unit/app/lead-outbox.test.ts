// The outbox's bookkeeping at its port: per-lead order, one refusing lead does not hold up another,
// and the bound drops the oldest.
import { describe, expect, it } from 'vitest';
import { LeadOutbox } from '../../../electron/main/services/lead-outbox';

function leads(away: Set<string>) {
  const got: string[] = [];
  const send = (lead: string, body: string): Promise<void> => {
    if (away.has(lead)) return Promise.reject(new Error(`${lead} is away`));
    got.push(`${lead}:${body}`);
    return Promise.resolve();
  };
  return { got, send };
}

describe('LeadOutbox', () => {
  it("holds only for the lead who is away, and keeps that lead's order", async () => {
    const away = new Set(['bob']);
    const { got, send } = leads(away);
    const outbox = new LeadOutbox(send);
    await outbox.post(['bob', 'carol'], 'a');
    await outbox.post(['bob', 'carol'], 'b');
    expect(got).toEqual(['carol:a', 'carol:b']);
    expect(outbox.waiting).toBe(2);
    away.delete('bob');
    await outbox.post(['bob'], 'c'); // queued behind a and b, not sent ahead of them
    expect(got).toEqual(['carol:a', 'carol:b']);
    await outbox.flush();
    expect(got).toEqual(['carol:a', 'carol:b', 'bob:a', 'bob:b', 'bob:c']);
    expect(outbox.waiting).toBe(0);
  });

  it('drops the oldest past its bound', async () => {
    const away = new Set(['bob']);
    const { got, send } = leads(away);
    const outbox = new LeadOutbox(send, null, 2);
    for (const b of ['1', '2', '3']) await outbox.post(['bob'], b);
    expect(outbox.waiting).toBe(2);
    away.delete('bob');
    await outbox.flush();
    expect(got).toEqual(['bob:2', 'bob:3']);
  });
});
