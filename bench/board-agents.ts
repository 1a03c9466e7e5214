/**
 * The simulated agents of the board benchmark, in their own process (so the lead's figures are the
 * lead's alone): N real sip.js softphones register with Kamailio and, once told to start, each changes
 * its state at random every ~`everyMs`, publishing PIDF presence (with the time of the change) through
 * Kamailio. Driven over stdin/stdout: prints `ready` when all are registered, `start` begins, `stop`
 * stops (prints `published N`), then it exits.
 */
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { Softphone } from '../electron/softphone/softphone';
import { SipAccountSchema } from '../shared/domain/phone';
import type { AgentState } from '../shared/domain/agent';
import { must } from '../shared/must';

const [server, countArg, everyArg] = process.argv.slice(2);
const count = Number(countArg);
const everyMs = Number(everyArg);
const STATES: AgentState[] = ['available', 'onCall', 'wrapUp', 'break'];

export const benchAgentName = (i: number) => `agent${String(i).padStart(3, '0')}`;
export const benchAgentPassword = (i: number) => `pw-${benchAgentName(i)}`;

async function main(): Promise<void> {
  const phones: Softphone[] = [];
  for (let i = 0; i < count; i++) {
    const user = benchAgentName(i);
    const phone = new Softphone({
      account: SipAccountSchema.parse({ uri: `sip:${user}@127.0.0.1`, authUser: user, password: benchAgentPassword(i), server }),
      createMedia: () => {
        throw new Error('no calls in this benchmark');
      },
      webSocket: WebSocket,
    });
    phones.push(phone);
  }
  // Register in batches so Kamailio's WebSocket accept queue is not flooded.
  for (let i = 0; i < phones.length; i += 20) {
    const batch = phones.slice(i, i + 20);
    await Promise.all(
      batch.map(
        (p) =>
          new Promise<void>((resolve) => {
            p.on('status', (s) => {
              if (s.registration === 'registered') resolve();
            });
            void p.start();
          }),
      ),
    );
  }
  for (const p of phones) await p.publishAgentState('available', new Date().toISOString(), { verification: 'none', escalation: null });
  process.stdout.write('ready\n');
  let published = 0;
  const timers: NodeJS.Timeout[] = [];
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line === 'start') {
      phones.forEach((p, i) => {
        let state = 0;
        const tick = () => {
          state = (state + 1 + Math.floor(Math.random() * 3)) % STATES.length;
          void p.publishAgentState(must(STATES[state], 'an agent state'), new Date().toISOString(), { verification: 'none', escalation: null });
          published++;
          timers[i] = setTimeout(tick, everyMs * (0.5 + Math.random()));
        };
        timers[i] = setTimeout(tick, Math.random() * everyMs);
      });
    }
    if (line === 'stop') {
      for (const t of timers) clearTimeout(t);
      process.stdout.write(`published ${published}\n`);
      // A phone that fails to stop is left behind: the process exits either way.
      void Promise.all(phones.map((p) => p.stop().catch(() => undefined))).then(() => process.exit(0));
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void main();
