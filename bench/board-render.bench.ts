/**
 * The team-lead board in Chromium with 200 agents: the real app in team-lead mode (browser mode, its
 * own process) subscribes through Kamailio to 200 simulated agents (real sip.js UAs in another
 * process) changing state every few seconds; the real renderer shows them. Figures: agent's change
 * -> row updated in the page's DOM (p50/p99), the page's long tasks and worst frame gap, and the app
 * process's CPU and memory (from /proc). `npm run bench -- board-render`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { Kamailio } from '../test/rig/rig';
import { startApp } from '../test/e2e/app-process';
import { writeAccountFile } from '../test/e2e/patient-caller';
import { benchAgentName, benchAgentPassword } from './board-agents';

const here = path.dirname(fileURLToPath(import.meta.url));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0).toFixed(1));
};

/** The process and all its descendants (the app runs under the tsx launcher). */
function processTree(pid: number): number[] {
  const out = [pid];
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const c of children ? children.split(' ') : []) out.push(...processTree(Number(c)));
  }
  return out;
}

/** CPU seconds (user + system) and RSS of a process tree, from /proc. */
function procStats(pid: number): { cpuSeconds: number; rssMb: number } {
  let ticks = 0;
  let rssPages = 0;
  for (const p of processTree(pid)) {
    const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
    rssPages += Number(fields[21]);
  }
  return { cpuSeconds: ticks / 100, rssMb: Math.round((rssPages * 4096) / 2 ** 20) };
}

export async function runBoardRenderBench(o: { agents: number; seconds: number; everyMs: number }, log: (l: string) => void = console.log) {
  const extraUsers = Object.fromEntries(Array.from({ length: o.agents }, (_, i) => [benchAgentName(i), benchAgentPassword(i)]));
  const kam = await Kamailio.create({ extraUsers });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-board-render-'));
  const teamFile = path.join(dir, 'team.json');
  fs.writeFileSync(
    teamFile,
    JSON.stringify({
      name: 'Bench',
      leads: ['bob'],
      members: Array.from({ length: o.agents }, (_, i) => ({ agent: benchAgentName(i), name: `Agent ${String(i).padStart(3, '0')}` })),
    }),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'board-agents.ts'), kam.wsUrl, String(o.agents), String(o.everyMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const nextLine = (prefix: string) =>
    new Promise<string>((resolve) => {
      const on = (l: string) => {
        if (!l.startsWith(prefix)) return;
        lines.off('line', on);
        resolve(l);
      };
      lines.on('line', on);
    });
  const ready = nextLine('ready'); // listening before the app starts: a few agents are ready first
  const app = await startApp(['--sip-account', writeAccountFile('bob', kam.wsUrl, 'Bob Lead'), '--team', teamFile, '--role', 'teamLead'], 20);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
  try {
    await ready;
    const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
    await page.goto(app.url);
    await page
      .locator('[data-testid="board-row"][data-state="available"]')
      .nth(o.agents - 1)
      .waitFor({ timeout: 60_000 });
    log(`${o.agents} agents on the board in Chromium`);
    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    await page.evaluate(`(() => {
      const w = window;
      w.benchLatencies = [];
      w.benchLongTasks = [];
      w.benchGaps = [];
      new MutationObserver((records) => {
        const now = Date.now();
        for (const r of records) {
          const since = r.target.dataset.since;
          if (r.attributeName === 'data-since' && since) w.benchLatencies.push(now - Date.parse(since));
        }
      }).observe(document.querySelector('[data-testid="board"]'), { subtree: true, attributes: true, attributeFilter: ['data-since'] });
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.benchLongTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
      let last = performance.now();
      const onFrame = (t) => {
        w.benchGaps.push(t - last);
        last = t;
        requestAnimationFrame(onFrame);
      };
      requestAnimationFrame(onFrame);
    })()`);
    const before = procStats(app.pid);
    const t0 = performance.now();
    child.stdin.write('start\n');
    let rssMax = before.rssMb;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, procStats(app.pid).rssMb)), 500);
    await new Promise((r) => setTimeout(r, o.seconds * 1000));
    clearInterval(sampler);
    const after = procStats(app.pid);
    const wall = (performance.now() - t0) / 1000;
    child.stdin.write('stop\n');
    const published = Number((await nextLine('published')).split(' ')[1]);
    const page$ = await page.evaluate<{
      latencies: number[];
      longTasks: number[];
      gaps: number[];
    }>('({ latencies: window.benchLatencies, longTasks: window.benchLongTasks, gaps: window.benchGaps })');
    const figures = {
      agents: o.agents,
      published,
      rowUpdates: page$.latencies.length,
      changeToDomMs: { p50: pct(page$.latencies, 50), p99: pct(page$.latencies, 99), max: pct(page$.latencies, 100) },
      longTasks: page$.longTasks.length,
      longestTaskMs: Number(Math.max(0, ...page$.longTasks).toFixed(1)),
      worstFrameGapMs: Number(Math.max(0, ...page$.gaps).toFixed(1)),
      appCpuPct: Number((((after.cpuSeconds - before.cpuSeconds) / wall) * 100).toFixed(1)),
      appRssMb: rssMax,
    };
    log(
      `${o.agents} agents, ${published} changes in ${o.seconds} s, ${figures.rowUpdates} rows updated in the page: change -> DOM p50 ${figures.changeToDomMs.p50} ms, ` +
        `p99 ${figures.changeToDomMs.p99} ms; ${figures.longTasks} long tasks (longest ${figures.longestTaskMs} ms), worst frame gap ${figures.worstFrameGapMs} ms; ` +
        `app process CPU ${figures.appCpuPct}%, RSS ${figures.appRssMb} MB`,
    );
    log(`BOARD_RENDER_BENCH_JSON ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await browser.close();
    await app.stop();
    if (child.exitCode === null) child.kill('SIGTERM');
    await kam.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runBoardRenderBench({ agents: 200, seconds: 30, everyMs: 5000 });
  process.exit(0);
}
