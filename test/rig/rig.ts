/**
 * The SIP test rig on loopback, started by the tests themselves: Kamailio (registrar + proxy, SIP over
 * UDP and WebSocket, digest auth) and baresip phones (real SIP user agents sending a sine tone as
 * PCMU). Every process is started in the foreground and stopped by PID; ports are picked free.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { freePort } from '../loopback-port';
export { freePort };

const here = path.dirname(fileURLToPath(import.meta.url));

export const RIG_USERS = { alice: 'alice-secret', bob: 'bob-secret', carol: 'carol-secret', dave: 'dave-secret' } as const;
export type RigUser = keyof typeof RIG_USERS;

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** rtpengine's ng protocol: a bencoded ping over UDP, answered by pong. */
function pingRtpengine(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => {
      done(false);
    }, 200);
    socket.on('message', (msg) => {
      done(msg.toString().includes('pong'));
    });
    socket.on('error', () => {
      done(false);
    });
    socket.send('carefront1 d7:command4:pinge', port, '127.0.0.1');
  });
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`; resolves once it exited. */
async function stopProcess(child: ChildProcess | null, graceMs = 2000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      resolve(false);
    });
  });
}

/** Kamailio's presence tables, from the schema files its sqlite package ships. */
function createPresenceDatabase(file: string): void {
  const schemaDir = '/usr/share/kamailio/db_sqlite';
  const db = new Database(file);
  try {
    for (const f of ['standard-create.sql', 'presence-create.sql']) db.exec(fs.readFileSync(path.join(schemaDir, f), 'utf8'));
  } finally {
    db.close();
  }
}

export class Kamailio {
  private child: ChildProcess | null = null;
  log = '';
  constructor(
    readonly dir: string,
    readonly sipPort: number,
    readonly wsPort: number,
  ) {}

  private rtpengine: ChildProcess | null = null;
  /** The media relay's control (ng) port and media port range, when the rig has one. */
  relayPorts: { ng: number; media: [number, number] } | null = null;

  get relayPid(): number | null {
    return this.rtpengine?.pid ?? null;
  }

  relayRunning(): boolean {
    return this.rtpengine !== null && this.rtpengine.exitCode === null && this.rtpengine.signalCode === null;
  }

  relayAnswers(): Promise<boolean> {
    return this.relayPorts ? pingRtpengine(this.relayPorts.ng) : Promise.resolve(false);
  }

  /** With `rtpengine`, a media relay runs beside Kamailio for calls between WebRTC and plain RTP. */
  static async create(options: { rtpengine?: boolean; extraUsers?: Record<string, string> } = {}): Promise<Kamailio> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-rig-'));
    const k = new Kamailio(dir, await freePort(), await freePort());
    let rtpengineDefines = '';
    if (options.rtpengine) {
      const ngPort = await freePort();
      const base = 40000 + Math.floor(Math.random() * 200) * 100;
      const cliPort = await freePort();
      k.relayPorts = { ng: ngPort, media: [base, base + 99] };
      // No config file: Debian's /etc/rtpengine/rtpengine.conf (read by default) binds every relay's
      // CLI and HTTP control to 2224/2225, so a second rig on the machine could not start its relay.
      // Every port is this relay's own: ng and CLI picked free, no HTTP listener, media in its own range.
      k.rtpengine = spawn(
        'rtpengine',
        [
          '--config-file=none',
          '--interface=127.0.0.1',
          `--listen-ng=127.0.0.1:${ngPort}`,
          `--listen-cli=127.0.0.1:${cliPort}`,
          '--foreground',
          '--log-stderr',
          '--table=-1',
          `--port-min=${base}`,
          `--port-max=${base + 99}`,
          '--no-fallback',
          '--delete-delay=0',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      k.rtpengine.stderr!.on('data', (d: Buffer) => (k.log = (k.log + d.toString()).slice(-20_000)));
      // Ready when its control protocol answers a ping (a fixed sleep is not enough on a busy machine).
      await waitFor(() => pingRtpengine(ngPort), 'rtpengine to answer', 10_000).catch(async (err: unknown) => {
        // A relay that never answered is not left behind.
        await stopProcess(k.rtpengine);
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
      });
      rtpengineDefines = `#!define WITH_RTPENGINE\n#!substdef "!RTPENGINE_PORT!${ngPort}!g"\n`;
    }
    const users = Object.entries({ ...RIG_USERS, ...options.extraUsers })
      .map(([u, p]) => `  $sht(creds=>${u}) = "${p}";`)
      .join('\n');
    const template = fs
      .readFileSync(path.join(here, 'kamailio.cfg.template'), 'utf8')
      .replace(/event_route\[htable:mod-init\] \{[^}]*\}/, `event_route[htable:mod-init] {\n${users}\n}`);
    const dbFile = path.join(dir, 'kamailio.sqlite');
    createPresenceDatabase(dbFile);
    fs.writeFileSync(
      path.join(dir, 'kamailio.cfg'),
      `#!KAMAILIO\n${rtpengineDefines}#!substdef "!SIP_PORT!${k.sipPort}!g"\n#!substdef "!WS_PORT!${k.wsPort}!g"\n#!substdef "!DB_URL!sqlite://${dbFile}!g"\n#!substdef "!CTL_SOCKET!${k.ctlSocket}!g"\n${template.replace(/^#!KAMAILIO\n/, '')}`,
    );
    await k.start().catch(async (err: unknown) => {
      await k.dispose().catch(() => undefined);
      throw err;
    });
    return k;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  /** Kamailio's control socket (binrpc, read by kamcmd). */
  get ctlSocket(): string {
    return path.join(this.dir, 'kamailio_ctl');
  }

  /** The bindings the registrar holds for `user` now (none: an empty list). */
  bindings(user: string): Promise<Binding[]> {
    return new Promise((resolve, reject) => {
      execFile('kamcmd', ['-s', `unix:${this.ctlSocket}`, 'ul.lookup', 'location', user], { timeout: 5000 }, (err, stdout, stderr) => {
        if (!err) {
          resolve(parseBindings(stdout));
          return;
        }
        if (/404|not found/i.test(`${stdout}${stderr}`)) {
          resolve([]);
          return;
        }
        reject(new Error(`kamcmd ul.lookup ${user} failed: ${stderr || err.message}`));
      });
    });
  }

  /** Removes every binding of `user` (tests start from an empty location table). */
  clearBindings(user: string): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile('kamcmd', ['-s', `unix:${this.ctlSocket}`, 'ul.rm', 'location', user], { timeout: 5000 }, (err, stdout, stderr) => {
        if (!err || /404|not found/i.test(`${stdout}${stderr}`)) {
          resolve();
          return;
        }
        reject(new Error(`kamcmd ul.rm ${user} failed: ${stderr || err.message}`));
      });
    });
  }

  async start(): Promise<void> {
    this.child = spawn('kamailio', ['-f', path.join(this.dir, 'kamailio.cfg'), '-DD', '-E', '-m', '64', '-M', '8', '-Y', this.dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-20_000)));
    const child = this.child;
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`kamailio exited: ${this.log.slice(-2000)}`);
      return tcpOpen(this.wsPort);
    }, 'kamailio to listen');
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    await stopProcess(child, 3000);
    // The listening sockets must be free before a restart on the same ports.
    await waitFor(async () => !(await tcpOpen(this.wsPort)), 'kamailio ports to close');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await stopProcess(this.rtpengine);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One binding of the location table, as Kamailio's `ul.lookup` reports it. */
export interface Binding {
  /** The Contact URI as registered. */
  address: string;
  /** Where the registrar reaches it (the WebSocket's source address for a WebSocket client). */
  received: string;
  callId: string;
  /** The +sip.instance of the binding (RFC 5626/5627), null when it has none. */
  instance: string | null;
}

/** Reads kamcmd's `ul.lookup` output: one `Contact: { ... }` block per binding, `Field: value` lines inside. */
export function parseBindings(text: string): Binding[] {
  return text
    .split(/\n\s*Contact: \{/)
    .slice(1)
    .map((block) => {
      const field = (name: string) => new RegExp(`^\\s*${name}: (.*)$`, 'm').exec(block)?.[1]?.trim() ?? '';
      const instance = field('Instance');
      return {
        address: field('Address'),
        received: field('Received'),
        callId: field('Call-ID'),
        instance: instance && instance !== '[not set]' ? instance : null,
      };
    });
}

/** A baresip phone registered as `user`, with a sine tone as its microphone; driven over ctrl_tcp. */
export class Baresip {
  private child: ChildProcess | null = null;
  log = '';
  private constructor(
    readonly dir: string,
    readonly user: string,
    readonly ctrlPort: number,
  ) {}

  /**
   * A free port is picked, then closed before baresip binds it, so another process of the run (a test server,
   * another phone) can take it in between: baresip then exits with "Address already in use" and is started again
   * on new ports, at most three times. `user`: a rig user (RigUser), or a number the Kamailio has as an extra user.
   */
  static async create(kam: Kamailio, user: string, options: { autoAnswer?: boolean; password?: string } = {}): Promise<Baresip> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await Baresip.createOnce(kam, user, options);
      } catch (err) {
        if (attempt >= 3 || !(err instanceof Error) || !err.message.includes('Address already in use')) throw err;
      }
    }
  }

  private static async createOnce(kam: Kamailio, user: string, options: { autoAnswer?: boolean; password?: string }): Promise<Baresip> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `carefront-baresip-${user}-`));
    const sipPort = await freePort();
    const b = new Baresip(dir, user, await freePort());
    fs.writeFileSync(
      path.join(dir, 'config'),
      [
        'poll_method epoll',
        `sip_listen 127.0.0.1:${sipPort}`,
        'net_interface 127.0.0.1',
        'sip_transports udp',
        'module_path /usr/lib/baresip/modules',
        'module g711.so',
        'module ausine.so',
        'module aubridge.so',
        'module_app account.so',
        'module_app menu.so',
        'module_app ctrl_tcp.so',
        `ctrl_tcp_listen 127.0.0.1:${b.ctrlPort}`,
        'audio_source ausine,440',
        'audio_player aubridge,nil',
        'audio_alert aubridge,nil',
        'ausrc_srate 48000',
        'ausrc_channels 2',
        'rtp_ports 30000-40000',
        '',
      ].join('\n'),
    );
    const answer = options.autoAnswer === false ? 'manual' : 'auto';
    fs.writeFileSync(
      path.join(dir, 'accounts'),
      `<sip:${user}@127.0.0.1:${kam.sipPort};transport=udp>;auth_pass=${options.password ?? RIG_USERS[user as RigUser]};answermode=${answer};audio_codecs=PCMU;regint=300\n`,
    );
    fs.writeFileSync(path.join(dir, 'contacts'), '');
    b.child = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (d: Buffer) => (b.log = (b.log + d.toString()).slice(-20_000));
    b.child.stdout!.on('data', onData);
    b.child.stderr!.on('data', onData);
    await waitFor(
      () => {
        if (b.child!.exitCode !== null) throw new Error(`baresip exited: ${b.log.slice(-2000)}`);
        return /200 OK/.test(b.log) || /registered/i.test(b.log);
      },
      `baresip ${user} to register`,
      15_000,
    );
    return b;
  }

  /** Sends one ctrl_tcp command (JSON in a netstring) and returns the response. */
  command(command: string, params = ''): Promise<{ response: boolean; ok: boolean; data: string }> {
    return new Promise((resolve, reject) => {
      const s = net.connect(this.ctrlPort, '127.0.0.1');
      const body = JSON.stringify({ command, params, token: String(Date.now()) });
      let buf = '';
      s.on('connect', () => s.write(`${Buffer.byteLength(body)}:${body},`));
      s.on('data', (d) => {
        buf += d.toString();
        // Events may come before the response, several per chunk: take every whole netstring.
        for (let m = /^(\d+):/.exec(buf); m; m = /^(\d+):/.exec(buf)) {
          const len = Number(m[1]);
          const start = m[0].length;
          if (Buffer.byteLength(buf) < start + len + 1) return;
          const msg = JSON.parse(buf.slice(start, start + len)) as { response: boolean; ok: boolean; data: string };
          buf = buf.slice(start + len + 1);
          if (msg.response) {
            s.destroy();
            resolve(msg);
            return;
          }
        }
      });
      s.on('error', reject);
      setTimeout(() => {
        s.destroy();
        reject(new Error('ctrl_tcp timeout'));
      }, 5000).unref();
    });
  }

  async dispose(): Promise<void> {
    await stopProcess(this.child);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export { waitFor };

/**
 * SIPp running one scenario of test/rig/sipp/ against the rig's Kamailio (UDP): a caller whose
 * behaviour is scripted exactly (a late ACK, refusals of in-dialog requests). `done` resolves with
 * SIPp's exit code (0: the scenario ran as written) and its error log.
 */
export class Sipp {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly done: Promise<{ code: number | null; errors: string; messages: string }>,
  ) {}

  static async call(kam: Kamailio, scenario: string, service: string, timeoutS = 40): Promise<Sipp> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-sipp-'));
    const errors = path.join(dir, 'errors.log');
    const messages = path.join(dir, 'messages.log');
    const args = [
      `127.0.0.1:${kam.sipPort}`,
      '-sf',
      path.join(here, 'sipp', scenario),
      '-s',
      service,
      '-m',
      '1',
      '-i',
      '127.0.0.1',
      '-p',
      String(await freePort()),
      '-mp',
      String(await freePort()),
      '-t',
      'u1',
      '-nostdin',
      '-timeout',
      `${timeoutS}s`,
      '-timeout_error',
      '-trace_err',
      '-error_file',
      errors,
      '-trace_msg',
      '-message_file',
      messages,
    ];
    const child = spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-5000)));
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
    const done = new Promise<{ code: number | null; errors: string; messages: string }>((resolve) => {
      child.once('exit', (code) => {
        resolve({ code, errors: `${stderr}${read(errors)}`.slice(-5000), messages: read(messages).slice(-20_000) });
      });
    });
    return new Sipp(child, dir, done);
  }

  async dispose(): Promise<void> {
    await stopProcess(this.child);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A mono 16-bit PCM WAV of a sine tone (what a Linphone phone plays as its microphone). */
export function writeToneWav(file: string, hz = 440, seconds = 30, rate = 8000): void {
  const samples = seconds * rate;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 8000), 44 + i * 2);
  fs.writeFileSync(file, buf);
}

/**
 * An independent SIP phone: Debian's linphonec (liblinphone, linphone's default settings, GRUU
 * included) registered to the rig's Kamailio over UDP, driven through its command interface on
 * stdin, its events read from stdout. Audio: a tone WAV as the microphone, what it hears recorded.
 */
export class Linphone {
  private child: ChildProcess | null = null;
  log = '';
  private constructor(
    readonly dir: string,
    readonly user: string,
  ) {}

  /** Where the phone records what it hears. */
  get recording(): string {
    return path.join(this.dir, 'heard.wav');
  }

  static async create(kam: Kamailio, user: RigUser, options: { autoAnswer?: boolean } = {}): Promise<Linphone> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `carefront-linphone-${user}-`));
    const l = new Linphone(dir, user);
    const sipPort = await freePort();
    const rtp = 47000 + Math.floor(Math.random() * 100) * 20;
    // Only what the rig needs (ports, the account); everything else is linphone's default, GRUU included.
    fs.writeFileSync(
      path.join(dir, 'linphonerc'),
      [
        '[sip]',
        `sip_port=${sipPort}`,
        'sip_tcp_port=0',
        'sip_tls_port=0',
        'default_proxy=0',
        '[proxy_0]',
        `reg_proxy=<sip:127.0.0.1:${kam.sipPort};transport=udp>`,
        `reg_identity=sip:${user}@127.0.0.1`,
        'reg_expires=300',
        'reg_sendregister=1',
        '[auth_info_0]',
        `username=${user}`,
        `passwd=${RIG_USERS[user]}`,
        'domain=127.0.0.1',
        '[rtp]',
        `audio_rtp_port=${rtp}-${rtp + 19}`,
        '',
      ].join('\n'),
    );
    // liblinphone does not start (no SIP listener, no REGISTER) when it cannot open its database.
    fs.mkdirSync(path.join(dir, '.local', 'share', 'linphone'), { recursive: true });
    writeToneWav(path.join(dir, 'tone.wav'));
    l.child = spawn('linphonec', ['-c', path.join(dir, 'linphonerc')], { cwd: dir, env: { ...process.env, HOME: dir }, stdio: ['pipe', 'pipe', 'pipe'] });
    const onData = (d: Buffer) => (l.log = (l.log + d.toString()).slice(-200_000));
    l.child.stdout!.on('data', onData);
    l.child.stderr!.on('data', onData);
    try {
      await waitFor(
        () => {
          if (l.child!.exitCode !== null) throw new Error(`linphonec exited: ${l.log.slice(-2000)}`);
          return l.log.includes('linphonec>');
        },
        'linphonec to start',
        15_000,
      );
      l.send('soundcard use files');
      l.send(`play ${path.join(dir, 'tone.wav')}`);
      l.send(`record ${l.recording}`);
      if (options.autoAnswer !== false) l.send('autoanswer enable');
      await l.registered();
    } catch (err) {
      // A phone that did not come up is not left running.
      await l.dispose();
      throw err;
    }
    return l;
  }

  /** Polls `status register` until linphonec reports the registration done. */
  async registered(timeoutMs = 15_000): Promise<void> {
    const since = this.log.length;
    await waitFor(
      async () => {
        this.send('status register');
        await new Promise((r) => setTimeout(r, 250));
        return /^registered, identity=/m.test(this.log.slice(since));
      },
      `linphone ${this.user} to register`,
      timeoutMs,
    ).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}\n${this.log.slice(-3000)}`);
    });
  }

  /** One command line, as typed at the linphonec> prompt. */
  send(command: string): void {
    this.child!.stdin!.write(`${command}\n`);
  }

  /** Waits until linphonec has printed a line matching `re` (after `since`, an offset in the log). */
  async expect(re: RegExp, timeoutMs = 10_000, since = 0): Promise<string> {
    let found = '';
    await waitFor(
      () => {
        const m = re.exec(this.log.slice(since));
        if (m) found = m[0];
        return Boolean(m);
      },
      `linphone ${this.user}: ${re}`,
      timeoutMs,
    ).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}\n${this.log.slice(-3000)}`);
    });
    return found;
  }

  async dispose(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      this.send('quit');
      await new Promise((r) => setTimeout(r, 300));
    }
    await stopProcess(this.child);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
