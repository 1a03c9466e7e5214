/**
 * The team-lead board, in the lead's main process: it subscribes (through the lead's own softphone,
 * so through the SIP server: presence and the dialog event package) to every member of the team,
 * merges each NOTIFY into that member's row, and pushes the rows that changed, coalesced over a few
 * milliseconds so 200 agents changing at once cost one event, not 200. NOTIFY bodies are untrusted:
 * parsed narrowly (presence-docs), anything unrecognised is ignored.
 */
import type { BoardRow } from '../../../shared/domain/board';
import type { Team } from '../../../shared/team/team';
import { parseDialogInfo, parsePidf } from '../../softphone/presence-docs';
import { must } from '../../../shared/must';
import { NotReadyCatalog, OTHER_NOT_READY_REASON } from '../../../shared/domain/not-ready';

/** What the board needs of a softphone (the Softphone class has it). */
export interface WatchSource {
  watch(target: string, event: 'presence' | 'dialog', onNotify: (body: string) => void): () => Promise<void>;
}

export class BoardService {
  private readonly rows = new Map<string, BoardRow>();
  /** Per agent: confirmed dialogs and when each was answered (ms). */
  private readonly calls = new Map<string, Map<string, number>>();
  private unwatch: (() => Promise<void>)[] = [];
  private readonly changed = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly rowListeners = new Set<(row: BoardRow, before: BoardRow) => void>();

  constructor(
    readonly team: Team,
    /** Receives the rows that changed (the board.updated event). */
    private readonly publish: (rows: BoardRow[]) => void,
    private readonly now: () => number = Date.now,
    private readonly flushMs = 25,
    /** The lead's not-ready reasons (their limits); a reason it does not know shows as "other". */
    private readonly reasons: NotReadyCatalog = new NotReadyCatalog([]),
  ) {
    for (const m of team.members) {
      this.rows.set(m.agent, {
        agent: m.agent,
        name: m.name,
        state: 'offline',
        since: null,
        callSince: null,
        verification: 'none',
        escalation: null,
        notReady: null,
        notReadyLimitMinutes: null,
        hardCallsInARow: 0,
        updatedAt: null,
      });
    }
  }

  /** Subscribes to every member through this softphone (again after a re-registration: old subscriptions are dropped). */
  async attach(source: WatchSource): Promise<void> {
    await this.detach();
    for (const m of this.team.members) {
      this.unwatch.push(
        source.watch(m.agent, 'presence', (body) => {
          this.presence(m.agent, body);
        }),
      );
      this.unwatch.push(
        source.watch(m.agent, 'dialog', (body) => {
          this.dialog(m.agent, body);
        }),
      );
    }
  }

  async detach(): Promise<void> {
    const old = this.unwatch;
    this.unwatch = [];
    await Promise.all(old.map((u) => u()));
  }

  list(): BoardRow[] {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }

  get(agent: string): BoardRow | null {
    const r = this.rows.get(agent);
    return r ? { ...r } : null;
  }

  isMember(agent: string): boolean {
    return this.rows.has(agent);
  }

  /** Called synchronously for every row change (the alerts service watches transitions). */
  onRowChange(listener: (row: BoardRow, before: BoardRow) => void): () => void {
    this.rowListeners.add(listener);
    return () => this.rowListeners.delete(listener);
  }

  /** A presence NOTIFY for a member. An empty body means nothing is published: the agent is offline. */
  presence(agent: string, body: string): void {
    if (!this.rows.has(agent)) return;
    if (!body.trim()) {
      this.patch(agent, { state: 'offline', since: null, verification: 'none', escalation: null, notReady: null, notReadyLimitMinutes: null });
      return;
    }
    const p = parsePidf(body);
    if (!p.state || !p.hasBasic) return; // not a document we recognise: ignored
    const state = p.open ? p.state : 'offline';
    // Not ready: the reason as the lead's file knows it (one it does not know, or none, reads as "other"), with the lead's limit.
    const notReady = state === 'break' ? this.reasons.known(p.notReady ?? OTHER_NOT_READY_REASON) : null;
    const notReadyLimitMinutes = this.reasons.get(notReady)?.limitMinutes ?? null;
    this.patch(agent, { state, since: p.since, verification: p.verification ?? 'none', escalation: p.escalation, notReady, notReadyLimitMinutes });
  }

  /** The agent's desktop said how many hard calls came in a row (alerts.ts reads the notice). */
  hardCalls(agent: string, inARow: number): void {
    if (this.rows.has(agent)) this.patch(agent, { hardCallsInARow: inARow });
  }

  /** A dialog-info NOTIFY for a member: the call duration comes from its confirmed dialogs. */
  dialog(agent: string, body: string): void {
    if (!this.rows.has(agent)) return;
    const known = this.calls.get(agent) ?? new Map<string, number>();
    const next = new Map<string, number>();
    const now = this.now();
    for (const d of parseDialogInfo(body)) {
      if (d.state !== 'confirmed') continue;
      next.set(d.id, known.get(d.id) ?? now - (d.duration ?? 0) * 1000);
    }
    this.calls.set(agent, next);
    const earliest = Math.min(...next.values());
    this.patch(agent, { callSince: next.size ? new Date(earliest).toISOString() : null });
  }

  private patch(agent: string, p: Partial<BoardRow>): void {
    const before = must(this.rows.get(agent), 'the row of a known agent');
    const row: BoardRow = { ...before, ...p, updatedAt: new Date(this.now()).toISOString() };
    this.rows.set(agent, row);
    const same = (Object.keys(p) as (keyof BoardRow)[]).every((k) => before[k] === row[k]);
    if (same) return;
    for (const l of this.rowListeners) l({ ...row }, before);
    this.changed.add(agent);
    this.flushTimer ??= setTimeout(() => {
      this.flush();
    }, this.flushMs);
  }

  private flush(): void {
    this.flushTimer = null;
    const rows = [...this.changed].map((a) => ({ ...must(this.rows.get(a), 'the row of a changed agent') }));
    this.changed.clear();
    if (rows.length) this.publish(rows);
  }

  async close(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.detach();
  }
}
