/**
 * Time in each not-ready reason, per agent and for the team, as the lead's board saw it (the KPIs' not-ready
 * figures): each time a row leaves a reason, the time spent in it is added; a reason still running counts up to now.
 * Counted from when the lead's desk started; only agents, reasons and seconds.
 */
import type { BoardRow } from '../../../shared/domain/board';
import type { NotReadyTimes } from '../../../shared/domain/not-ready';
import type { BoardService } from './board';

export class NotReadyTimesService {
  /** agent -> reason -> milliseconds of finished spells. */
  private readonly done = new Map<string, Map<string, number>>();
  private readonly since: string;

  constructor(
    private readonly board: BoardService,
    private readonly now: () => number = Date.now,
  ) {
    this.since = new Date(now()).toISOString();
    board.onRowChange((row, before) => {
      if (before.state !== 'break' || !before.notReady) return;
      if (row.state === 'break' && row.notReady === before.notReady && row.since === before.since) return;
      this.add(before.agent, before.notReady, this.spellMs(before, this.now()));
    });
  }

  report(): NotReadyTimes {
    const now = this.now();
    const team: Record<string, number> = {};
    const agents = this.board.list().map((row) => {
      const ms = new Map(this.done.get(row.agent) ?? []);
      if (row.state === 'break' && row.notReady) ms.set(row.notReady, (ms.get(row.notReady) ?? 0) + this.spellMs(row, now));
      const seconds: Record<string, number> = {};
      for (const [reason, m] of ms) {
        seconds[reason] = Math.round(m / 1000);
        team[reason] = (team[reason] ?? 0) + seconds[reason];
      }
      return { agent: row.agent, name: row.name, seconds };
    });
    return { agents, team, since: this.since };
  }

  /** A spell counts from when it began (as published, not before the lead's desk started counting) to `end`. */
  private spellMs(row: BoardRow, end: number): number {
    const began = Math.max(row.since ? Date.parse(row.since) : end, Date.parse(this.since));
    return Math.max(0, end - began);
  }

  private add(agent: string, reason: string, ms: number): void {
    const byReason = this.done.get(agent) ?? new Map<string, number>();
    byReason.set(reason, (byReason.get(reason) ?? 0) + ms);
    this.done.set(agent, byReason);
  }
}
