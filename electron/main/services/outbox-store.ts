/**
 * The outbox to the team leads, kept in the encrypted store (table `outbox_job`) so that notices
 * still waiting survive a restart of the app: one job per notice and lead, `pending` while it waits,
 * then `done` once the lead's desktop accepted it (or `dropped` if it had to be given up). Jobs for
 * one lead go in the order they were made. Notices carry no patient data.
 */
import type { OutboxJobRepository } from '../../cache/repositories/outbox-jobs';
import type { OutboxItem, OutboxStore } from './lead-outbox';

export function storeOutbox(jobs: OutboxJobRepository): OutboxStore {
  return {
    pending: () =>
      jobs.pending('team-lead').flatMap((j): OutboxItem[] => (j.recipient && j.payload ? [{ id: j.clientId, lead: j.recipient, body: j.payload }] : [])),
    waiting: (item) => {
      jobs.enqueue({
        clientId: item.id,
        destination: 'team-lead',
        recipient: item.lead,
        operation: 'notify',
        payload: item.body,
        orderingKey: `team-lead:${item.lead}`,
      });
    },
    done: (item, outcome) => {
      jobs.finish(item.id, outcome === 'delivered' ? 'done' : 'dropped');
    },
  };
}
