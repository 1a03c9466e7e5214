/**
 * Where one operation's time went: named spans in milliseconds, laid end to end, plus the CPU time
 * and the involuntary context switches (the process descheduled) over the whole. Timings only,
 * never data: the screen pop carries them to the page and the benchmarks report them.
 */
export type SpanTimings = Record<string, number>;

export class Spans {
  private readonly ms: SpanTimings = {};
  private readonly started = performance.now();
  private last = this.started;
  private readonly cpu = process.cpuUsage();
  private readonly switches = process.resourceUsage().involuntaryContextSwitches;

  /** Ends the span running since the previous mark (or the start) as `name`; repeated names add up. */
  mark(name: string): void {
    const now = performance.now();
    this.ms[name] = (this.ms[name] ?? 0) + (now - this.last);
    this.last = now;
  }

  /** The spans, `other` (time since the last mark), `total`, `cpu` (user + system) and `preempted` (switch count). */
  finish(): SpanTimings {
    this.mark('other');
    const cpu = process.cpuUsage(this.cpu);
    const out: SpanTimings = {};
    for (const [k, v] of Object.entries(this.ms)) out[k] = round(v);
    out.total = round(this.last - this.started);
    out.cpu = round((cpu.user + cpu.system) / 1000);
    out.preempted = process.resourceUsage().involuntaryContextSwitches - this.switches;
    return out;
  }
}

const round = (x: number): number => Number(x.toFixed(3));
