// The knowledge.* channels through the real dispatcher, on a practice desk (its own encrypted store, the shipped
// articles of assets/knowledge indexed in it at start): arguments checked by the contract, a search, the
// suggestions for a call reason and an escalation, an article opened with the English fallback said.
import { describe, expect, it } from 'vitest';
import type { ArgsOf, ChannelName } from '../../../shared/ipc/contract';
import { invoke } from '../app/invoke';
import { useDeskThroughDispatcher } from '../app/desk-through-dispatcher';

const call = <C extends ChannelName>(channel: C, args: ArgsOf<C>) => invoke(desk.dispatch, channel, args);

const desk = useDeskThroughDispatcher('knowledge', { practice: true });

describe('knowledge channels', () => {
  it('searches the shipped articles as the agent types', async () => {
    const hits = await call('knowledge.search', { query: 'colonos', language: 'en' });
    expect(hits[0]).toMatchObject({ slug: 'colonoscopy-preparation', title: 'Colonoscopy preparation', language: 'en' });
    const arabic = await call('knowledge.search', { query: 'مترجم', language: 'ar' });
    expect(arabic.map((h) => [h.slug, h.language])).toContainEqual(['interpreter-services', 'ar']);
  });

  it("suggests the call reason's articles, and the escalation's first", async () => {
    const refill = await call('knowledge.suggest', { language: 'en', callReason: 'prescriptionRefill' });
    expect(refill.map((s) => s.slug)).toContain('prescription-refill-requests');
    const crisis = await call('knowledge.suggest', { language: 'es', callReason: 'booking', escalation: 'crisisCounsellor' });
    expect(crisis[0]).toMatchObject({ slug: 'caller-in-crisis', reasons: expect.arrayContaining(['escalation']) as unknown });
    const colonoscopy = await call('knowledge.suggest', { language: 'de', appointmentType: 'Colonoscopy' });
    expect(colonoscopy[0]).toMatchObject({ slug: 'colonoscopy-preparation', language: 'de', title: 'Vorbereitung auf die Darmspiegelung' });
  });

  it('opens an article in the language asked for, or in English said so', async () => {
    expect(await call('knowledge.open', { slug: 'financial-assistance', language: 'fr' })).toMatchObject({ language: 'fr', fallback: false });
    expect(await call('knowledge.open', { slug: 'referral-status', language: 'zh' })).toMatchObject({
      language: 'en',
      fallback: true,
      owner: 'Referral coordination',
    });
    expect(await call('knowledge.open', { slug: 'mri-safety-screening', language: 'en' })).toMatchObject({ outOfDate: true, reviewBy: '2026-09-30' });
  });

  it('refuses what the contract does not allow, and an unknown article', async () => {
    for (const [channel, args] of [
      ['knowledge.search', { query: 'x'.repeat(201), language: 'en' }],
      ['knowledge.search', { query: 'refill', language: 'xx' }],
      ['knowledge.suggest', { language: 'en', callReason: 'shopping' }],
      ['knowledge.suggest', { language: 'en', flags: ['not-a-category'] }],
      ['knowledge.open', { slug: '../etc/passwd', language: 'en' }],
      ['knowledge.open', { slug: 'referral-status', language: 'en', extra: true }],
    ] as const) {
      const r = await desk.dispatch(channel, args);
      expect(!r.ok && r.error.code, `${channel} ${JSON.stringify(args)}`).toBe('invalidArgument');
    }
    const missing = await desk.dispatch('knowledge.open', { slug: 'no-such-article', language: 'en' });
    expect(!missing.ok && missing.error.code).toBe('notFound');
  });
});
