// Two SIP rigs with media relays on one machine at once (parallel CI jobs, several worktrees): each
// rtpengine must run on ports of its own. Debian's /etc/rtpengine/rtpengine.conf, read by default,
// binds every relay's CLI and HTTP control to 2224/2225, so a second relay used to collide.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { Kamailio } from '../../rig/rig';

const rigs: Kamailio[] = [];

afterAll(async () => {
  for (const k of rigs) await k.dispose().catch(() => undefined);
});

describe('two rigs with rtpengine at once', () => {
  it('both relays start, answer on their own control ports, and keep running', async () => {
    const started = await Promise.allSettled([Kamailio.create({ rtpengine: true }), Kamailio.create({ rtpengine: true })]);
    for (const s of started) if (s.status === 'fulfilled') rigs.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [a, b] = rigs;
    await new Promise((r) => setTimeout(r, 1500));
    for (const k of [a!, b!]) {
      expect(k.relayRunning(), `relay of the rig on ${k.sipPort}: ${k.log.slice(-1500)}`).toBe(true);
      expect(await k.relayAnswers()).toBe(true);
    }
    expect(a!.relayPorts).not.toEqual(b!.relayPorts);
    // No relay of ours holds the Debian defaults' fixed control ports.
    const listening = execFileSync('ss', ['-Hlnptu'], { encoding: 'utf8' });
    const pids = [a!.relayPid, b!.relayPid];
    const fixed = listening.split('\n').filter((l) => /:(2223|2224|2225)\s/.test(l) && pids.some((p) => l.includes(`pid=${p},`)));
    expect(fixed).toEqual([]);
  }, 60_000);
});
