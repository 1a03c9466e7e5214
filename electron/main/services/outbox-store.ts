/**
 * The outbox to the team leads, kept in the encrypted store so that notices still waiting survive a
 * restart of the app: each is a FHIR Communication to the lead, `preparation` while it waits, then
 * `completed` once the lead's desktop accepted it (or `stopped` if it had to be dropped). Notices
 * carry no patient data.
 */
import type { PatientCache } from '../../cache';
import type { OutboxItem, OutboxStore } from './lead-outbox';

export const OUTBOX_EXT = 'urn:carefront:lead-outbox';

let sequence = 0;
/** Sortable and unique within this process, later than anything an earlier run wrote. */
const nextSequence = (): string => `${String(Date.now()).padStart(15, '0')}-${String(sequence++).padStart(9, '0')}`;

export function cacheOutboxStore(cache: PatientCache, actor: string): OutboxStore {
  const write = (item: OutboxItem, status: 'preparation' | 'completed' | 'stopped', order: string) => {
    const report = cache.importGenerated(
      [
        {
          resourceType: 'Communication',
          id: item.id,
          status,
          sent: new Date().toISOString(),
          sender: { display: actor },
          recipient: [{ display: item.lead }],
          payload: [{ contentString: item.body }],
          extension: [{ url: OUTBOX_EXT, extension: [{ url: 'lead', valueString: item.lead }, { url: 'order', valueString: order }] }],
        },
      ],
      '(outbox to the team leads)',
    );
    if (report.committed !== 1) throw new Error(`the outbox could not keep a notice (${report.issues[0]?.reason ?? 'not committed'})`);
  };
  const orders = new Map<string, string>();
  return {
    pending: () => {
      const rows = cache.communicationsWithExtension(OUTBOX_EXT, '0000', '9999', { actor, reason: 'outbox to the team leads: notices still waiting' }) as {
        id: string;
        status: string;
        payload?: { contentString?: string }[];
        extension?: { url: string; extension?: { url: string; valueString?: string }[] }[];
      }[];
      const items = rows
        .filter((r) => r.status === 'preparation')
        .map((r) => {
          const ext = r.extension?.find((e) => e.url === OUTBOX_EXT)?.extension ?? [];
          const get = (name: string) => ext.find((e) => e.url === name)?.valueString ?? '';
          return { id: r.id, lead: get('lead'), body: r.payload?.[0]?.contentString ?? '', order: get('order') };
        })
        .filter((i) => i.lead && i.body)
        .sort((a, b) => a.order.localeCompare(b.order));
      for (const i of items) orders.set(i.id, i.order);
      return items.map(({ id, lead, body }) => ({ id, lead, body }));
    },
    waiting: (item) => {
      const order = nextSequence();
      orders.set(item.id, order);
      write(item, 'preparation', order);
    },
    done: (item, outcome) => {
      write(item, outcome === 'delivered' ? 'completed' : 'stopped', orders.get(item.id) ?? nextSequence());
      orders.delete(item.id);
    },
  };
}
