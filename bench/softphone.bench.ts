/**
 * Softphone benchmark on loopback against a real Kamailio: REGISTER time, INVITE-to-established time,
 * and how many concurrent calls (RTP flowing at 50 packets/s each way) the softphone sustains.
 * Both ends of every call run in this one Node process (the callee is a second Softphone), so the
 * concurrency figure is conservative: the process carries twice the media of one agent's phone.
 * `npm run bench -- softphone` for the full run; `smokeSoftphoneBench()` is the tiny run the tests use.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { Softphone } from '../electron/softphone/softphone';
import { NodeRtpSessionDescriptionHandler } from '../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../shared/domain/phone';
import { must } from '../shared/must';
import { Kamailio, RIG_USERS, waitFor, type RigUser } from '../test/rig/rig';

export interface SoftphoneBenchFigures {
  registerMs: { p50: number; p99: number; n: number };
  inviteToEstablishedMs: { p50: number; p99: number; n: number };
  concurrency: { calls: number; established: number; rtpDeliveredPct: number; loopDelayP99Ms: number; cpuPct: number; rssMb: number }[];
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0).toFixed(2));
};

function phoneFor(kam: Kamailio, user: RigUser) {
  const media = new Map<string, NodeRtpSessionDescriptionHandler>();
  const phone = new Softphone({
    account: SipAccountSchema.parse({ uri: `sip:${user}@127.0.0.1`, authUser: user, password: RIG_USERS[user], server: kam.wsUrl }),
    createMedia: (id) => {
      const m = new NodeRtpSessionDescriptionHandler();
      media.set(id, m);
      return m;
    },
    webSocket: WebSocket,
  });
  return { phone, media };
}

export async function runSoftphoneBench(
  o: { registrations: number; calls: number; levels: number[] },
  log: (l: string) => void = console.log,
): Promise<SoftphoneBenchFigures> {
  const kam = await Kamailio.create();
  try {
    const registerTimes: number[] = [];
    for (let i = 0; i < o.registrations; i++) {
      const { phone } = phoneFor(kam, 'carol');
      // Timed on the events themselves (polling would quantise the figures to its interval).
      const registeredAt = new Promise<number>((resolve) => {
        phone.on('status', (s) => {
          if (s.registration === 'registered') resolve(performance.now());
        });
      });
      const t0 = performance.now();
      await phone.start();
      registerTimes.push((await registeredAt) - t0);
      await phone.stop();
    }

    const alice = phoneFor(kam, 'alice');
    const bob = phoneFor(kam, 'bob');
    bob.phone.on('call', (c) => c.state === 'ringing' && void bob.phone.answer(c.id).catch(() => undefined));
    await alice.phone.start();
    await bob.phone.start();
    await waitFor(() => alice.phone.status().registration === 'registered' && bob.phone.status().registration === 'registered', 'both registered');

    const setupTimes: number[] = [];
    for (let i = 0; i < o.calls; i++) {
      let callId = '';
      const establishedAt = new Promise<number>((resolve) => {
        const off = alice.phone.on('call', (c) => {
          if (c.id === callId && c.state === 'active') {
            off();
            resolve(performance.now());
          }
        });
      });
      const t0 = performance.now();
      const call = await alice.phone.dial('bob');
      callId = call.id;
      setupTimes.push((await establishedAt) - t0);
      await alice.phone.hangup(call.id);
      await waitFor(() => alice.phone.get(call.id) === null, 'ended', 10_000);
    }

    const concurrency: SoftphoneBenchFigures['concurrency'] = [];
    for (const level of o.levels) {
      const ids = (await Promise.all(Array.from({ length: level }, () => alice.phone.dial('bob').catch(() => null))))
        .filter((c) => c !== null)
        .map((c) => c.id);
      await waitFor(() => ids.every((id) => alice.phone.get(id)?.state === 'active'), `${level} calls established`, 30_000).catch(() => undefined);
      const established = ids.filter((id) => alice.phone.get(id)?.state === 'active');
      const mediaOf = (id: string) => must(alice.media.get(id), 'the media of an established call');
      const before = established.map((id) => ({ id, received: mediaOf(id).stats.received }));
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const cpu0 = process.cpuUsage();
      const windowMs = 2000;
      await new Promise((r) => setTimeout(r, windowMs));
      const cpu = process.cpuUsage(cpu0);
      delay.disable();
      const got = before.reduce((sum, b) => sum + mediaOf(b.id).stats.received - b.received, 0);
      const expected = established.length * (windowMs / 20);
      const row = {
        calls: level,
        established: established.length,
        rtpDeliveredPct: expected ? Number(((100 * got) / expected).toFixed(1)) : 0,
        loopDelayP99Ms: Number((delay.percentile(99) / 1e6).toFixed(1)),
        cpuPct: Number((((cpu.user + cpu.system) / 1000 / windowMs) * 100).toFixed(1)),
        rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      };
      concurrency.push(row);
      log(
        `concurrent ${level}: ${row.established} established, RTP delivered ${row.rtpDeliveredPct}%, loop delay p99 ${row.loopDelayP99Ms} ms, CPU ${row.cpuPct}%, RSS ${row.rssMb} MB`,
      );
      await Promise.all(ids.map((id) => alice.phone.hangup(id).catch(() => undefined)));
      await waitFor(() => alice.phone.list().length === 0, 'all ended', 20_000).catch(() => undefined);
    }
    await alice.phone.stop();
    await bob.phone.stop();

    const figures: SoftphoneBenchFigures = {
      registerMs: { p50: pct(registerTimes, 50), p99: pct(registerTimes, 99), n: registerTimes.length },
      inviteToEstablishedMs: { p50: pct(setupTimes, 50), p99: pct(setupTimes, 99), n: setupTimes.length },
      concurrency,
    };
    log(`REGISTER (start -> registered) p50 ${figures.registerMs.p50} ms, p99 ${figures.registerMs.p99} ms (n=${figures.registerMs.n})`);
    log(
      `INVITE -> established p50 ${figures.inviteToEstablishedMs.p50} ms, p99 ${figures.inviteToEstablishedMs.p99} ms (n=${figures.inviteToEstablishedMs.n})`,
    );
    log(`SOFTPHONE_BENCH_JSON ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await kam.dispose();
  }
}

export const smokeSoftphoneBench = (log?: (l: string) => void) => runSoftphoneBench({ registrations: 3, calls: 3, levels: [3] }, log);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runSoftphoneBench({ registrations: 50, calls: 50, levels: [10, 25, 50, 100, 150] });
  process.exit(0);
}
