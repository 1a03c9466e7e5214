/**
 * The EHR link's state, mirrored from the main process, where the sync engine and the outbox worker
 * drive it (counts, times and codes only: nothing here is patient data).
 */
import { create } from 'zustand';
import type { EhrLinkStatus } from '../../../../shared/domain/ehr-link';
import type { OutboxProblem } from '../../../../shared/ehr/write-back';
import type { CarefrontError } from '../../../../shared/errors';
import { invoke, onEvent } from '../../app/api';
import { useToasts } from '../../app/toasts';

type Outcome = { ok: true } | { ok: false; error: CarefrontError };

interface EhrLinkStore {
  status: EhrLinkStatus | null;
  /** Reads the link's state (at start); ehr.status events keep it current from then on. */
  load: () => Promise<void>;
  /** The writes to the EHR that cannot go (refused, or waiting past their tries); null when they cannot be read. */
  outboxProblems: () => Promise<OutboxProblem[] | null>;
  /** Tries one again now. */
  retryWrite: (jobId: string) => Promise<Outcome>;
  /** Gives one up, with the agent's reason (kept in the audit log). */
  dismissWrite: (jobId: string, reason: string) => Promise<Outcome>;
}

/** Counts the pushed changes, so a read that was overtaken by one does not put an older state back. */
let pushed = 0;

export const useEhrLink = create<EhrLinkStore>((set) => ({
  status: null,
  load: async () => {
    const before = pushed;
    const r = await invoke('ehr.getStatus', {});
    if (r.ok && pushed === before) set({ status: r.value });
  },
  outboxProblems: async () => {
    const r = await invoke('ehr.outboxProblems', {});
    return r.ok ? r.value : null;
  },
  retryWrite: async (jobId) => invoke('ehr.outboxRetry', { jobId }),
  dismissWrite: async (jobId, reason) => invoke('ehr.outboxDismiss', { jobId, reason: reason.trim() }),
}));

onEvent('ehr.status', (status) => {
  pushed++;
  useEhrLink.setState({ status });
});

// A write the EHR refused: the agent is told which kind of record and why (never the record itself).
onEvent('ehr.writeFailed', (f) => {
  useToasts.getState().push({ kind: 'error', writeFailed: { kind: f.kind, code: f.code } });
});
