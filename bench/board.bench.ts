/**
 * Team-lead board under load on the real rig: N simulated agents (real sip.js softphones, in a child
 * process) change state every few seconds, publishing presence through Kamailio; one lead's board in
 * this process subscribes to all of them (presence + dialog, 2N subscriptions) and receives the
 * NOTIFYs. Figures: time from an agent's change to the board's update event (p50/p99), and the lead
 * process's CPU, memory and event-loop delay while it happens. `npm run bench -- board` for the full
 * run (200 agents); `smokeBoardBench()` is the tiny run the tests use.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { Softphone } from '../electron/softphone/softphone';
import { BoardService } from '../electron/main/services/board';
import { SipAccountSchema } from '../shared/domain/phone';
import { Kamailio, RIG_USERS, waitFor } from '../test/rig/rig';
import { benchAgentName, benchAgentPassword } from './board-agents';

export interface BoardBenchFigures {
  agents: number;
  subscribeAllMs: number;
  updates: number;
  published: number;
  latencyMs: { p50: number; p99: number; max: number };
  cpuPct: number;
  rssMb: number;
  heapMb: number;
  loopDelayP99Ms: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0).toFixed(1));
};

export async function runBoardBench(
  o: { agents: number; seconds: number; everyMs: number },
  log: (l: string) => void = console.log,
): Promise<BoardBenchFigures> {
  const extraUsers = Object.fromEntries(Array.from({ length: o.agents }, (_, i) => [benchAgentName(i), benchAgentPassword(i)]));
  const kam = await Kamailio.create({ extraUsers });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'board-agents.ts'), kam.wsUrl, String(o.agents), String(o.everyMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const nextLine = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const on = (l: string) => {
        if (!l.startsWith(prefix)) return;
        lines.off('line', on);
        resolve(l);
      };
      lines.on('line', on);
      child.once('exit', (code) => {
        reject(new Error(`agents exited (${code})`));
      });
    });
  const lead = new Softphone({
    account: SipAccountSchema.parse({ uri: 'sip:bob@127.0.0.1', authUser: 'bob', password: RIG_USERS.bob, server: kam.wsUrl }),
    createMedia: () => {
      throw new Error('no calls in this benchmark');
    },
    webSocket: WebSocket,
  });
  try {
    await nextLine('ready');
    log(`${o.agents} agents registered and publishing`);
    let measuring = false;
    const latencies: number[] = [];
    const members = Array.from({ length: o.agents }, (_, i) => ({ agent: benchAgentName(i), name: `Agent ${i}` }));
    const board = new BoardService({ name: 'Bench', leads: ['bob'], members }, (rows) => {
      if (!measuring) return;
      const now = Date.now();
      for (const r of rows) if (r.since) latencies.push(now - Date.parse(r.since));
    });
    await lead.start();
    await waitFor(() => lead.status().registration === 'registered', 'the lead registered');
    const t0 = performance.now();
    await board.attach(lead);
    await waitFor(() => board.list().every((r) => r.state === 'available'), 'every agent on the board', 60_000);
    const subscribeAllMs = performance.now() - t0;
    log(`board subscribed to ${o.agents} agents (presence + dialog) and showed them all in ${subscribeAllMs.toFixed(0)} ms`);

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    measuring = true;
    child.stdin.write('start\n');
    let rssMax = 0;
    let heapMax = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      rssMax = Math.max(rssMax, m.rss);
      heapMax = Math.max(heapMax, m.heapUsed);
    }, 250);
    await new Promise((r) => setTimeout(r, o.seconds * 1000));
    measuring = false;
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    const windowMs = performance.now() - w0;
    delay.disable();
    child.stdin.write('stop\n');
    const published = Number((await nextLine('published')).split(' ')[1]);
    await board.close();
    const figures: BoardBenchFigures = {
      agents: o.agents,
      subscribeAllMs: Math.round(subscribeAllMs),
      updates: latencies.length,
      published,
      latencyMs: { p50: pct(latencies, 50), p99: pct(latencies, 99), max: pct(latencies, 100) },
      cpuPct: Number((((cpu.user + cpu.system) / 1000 / windowMs) * 100).toFixed(1)),
      rssMb: Math.round(rssMax / 2 ** 20),
      heapMb: Math.round(heapMax / 2 ** 20),
      loopDelayP99Ms: Number((delay.percentile(99) / 1e6).toFixed(1)),
    };
    log(
      `${o.agents} agents, ${figures.published} state changes published in ${o.seconds} s, ${figures.updates} board updates: ` +
        `change -> board p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms, max ${figures.latencyMs.max} ms; ` +
        `lead process CPU ${figures.cpuPct}%, RSS ${figures.rssMb} MB, heap ${figures.heapMb} MB, event-loop p99 ${figures.loopDelayP99Ms} ms`,
    );
    log(`BOARD_BENCH_JSON ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await lead.stop().catch(() => undefined);
    if (child.exitCode === null) child.kill('SIGTERM');
    await kam.dispose();
  }
}

export const smokeBoardBench = (log?: (l: string) => void) => runBoardBench({ agents: 5, seconds: 3, everyMs: 500 }, log);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runBoardBench({ agents: 200, seconds: 30, everyMs: 5000 });
  process.exit(0);
}
