/**
 * The agent's own day: calls handled, average handle time and after-call work from today's contact records (the
 * desk's user's own, read as one audited export of contact figures), and the time in each state counted from the
 * agent's state changes at this desk since it started.
 */
import type { AgentState, AgentStatus } from '../../../shared/domain/agent';
import type { MyDay } from '../../../shared/domain/my-day';
import type { ContactRecordRepository } from '../../cache/repositories/contact-records';
import type { DomainEventBus } from '../domain-events';

/** Local midnight of `now`. */
export const startOfDay = (now: Date): Date => new Date(now.getFullYear(), now.getMonth(), now.getDate());

const mean = (values: readonly number[]): number | null => (values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null);

/** Time in each state: every change closes the previous state's stretch. */
export class StateClock {
  private readonly started: number;

  constructor(
    private current: AgentStatus,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  changed(next: AgentStatus): void {
    const at = this.now();
    this.add(this.current.state, Date.parse(this.current.since), at);
    this.current = { ...next, since: new Date(at).toISOString() };
  }

  /** Seconds per state since `from` (the part of each stretch after it), the current stretch up to now. */
  since(from: number): { seconds: Partial<Record<AgentState, number>>; countedFrom: number } {
    const countedFrom = Math.max(from, this.started);
    const ms = this.spentSince(countedFrom);
    const open = Math.max(0, this.now() - Math.max(countedFrom, Date.parse(this.current.since)));
    ms.set(this.current.state, (ms.get(this.current.state) ?? 0) + open);
    const seconds: Partial<Record<AgentState, number>> = {};
    for (const [state, spent] of ms) seconds[state] = Math.round(spent / 1000);
    return { seconds, countedFrom };
  }

  private readonly stretches: { state: AgentState; from: number; to: number }[] = [];

  private add(state: AgentState, from: number, to: number): void {
    const start = Math.max(from, this.started);
    if (to <= start) return;
    this.stretches.push({ state, from: start, to });
    // Only today's are ever read: yesterday's stretches go (the list stays a day long).
    const midnight = startOfDay(new Date(to)).getTime();
    while (this.stretches.length > 0 && (this.stretches[0]?.to ?? midnight) < midnight) this.stretches.shift();
  }

  private spentSince(from: number): Map<AgentState, number> {
    const out = new Map<AgentState, number>();
    for (const s of this.stretches) {
      const ms = s.to - Math.max(s.from, from);
      if (ms > 0) out.set(s.state, (out.get(s.state) ?? 0) + ms);
    }
    return out;
  }
}

export class MyDayService {
  private readonly clock: StateClock;

  constructor(
    events: DomainEventBus,
    initial: AgentStatus,
    private readonly contacts: ContactRecordRepository,
    private readonly actor: () => string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.clock = new StateClock(initial, () => this.now().getTime());
    events.on('agent.stateChanged', (status) => {
      this.clock.changed(status);
    });
  }

  today(): MyDay {
    const now = this.now();
    const midnight = startOfDay(now);
    const me = this.actor();
    const to = new Date(now.getTime() + 1000).toISOString();
    const read = this.contacts.forKpis(
      { from: midnight.toISOString(), to, wrapUpsTo: to, surveysTo: to },
      { actor: me, reason: "the agent's own figures for today" },
    );
    const calls = read.calls.filter((c) => c.agent === me);
    const answered = calls.filter((c) => c.answeredAt !== null);
    const handle = answered.flatMap((c) => (c.answeredAt && c.endedAt ? [Math.max(0, (Date.parse(c.endedAt) - Date.parse(c.answeredAt)) / 1000)] : []));
    const afterCall = read.wrapUps.filter((w) => w.agent === me && w.afterCallSeconds !== null).map((w) => w.afterCallSeconds ?? 0);
    const states = this.clock.since(midnight.getTime());
    return {
      since: midnight.toISOString(),
      calls: calls.length,
      answered: answered.length,
      averageHandleSeconds: mean(handle),
      averageAfterCallSeconds: mean(afterCall),
      secondsInState: states.seconds,
      statesSince: new Date(states.countedFrom).toISOString(),
    };
  }
}
