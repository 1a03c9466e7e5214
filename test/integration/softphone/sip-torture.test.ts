// SIP torture: every RFC 4475 and RFC 5118 message (real third-party bytes, ../shared/testdata/sip-torture)
// is fed to the softphone by a hostile WebSocket server on loopback, one WebSocket message each
// (mpart01.dat, which is not UTF-8, as a binary frame, RFC 7118 4.2). The process must not crash,
// must stay registered, must answer each invalid request the way the RFC expects (never silence,
// never acceptance), and the next valid INVITE must still ring and be answerable.
//
// What the harness changes, and nothing else: requests addressed to a plain `sip:<user>@` get the
// softphone's own user in the Request-URI (the RFC's users are not ours; a UA answers 404 for
// another user before it looks at anything the RFC tests); RFC 5118's archive is LF-only and two of
// its files never close the header section, so their lines get CRLF, the section is closed and
// Content-Length is recomputed (SOURCES.md: the harness's choice).
import fs from 'node:fs';
import path from 'node:path';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { Softphone } from '../../../electron/softphone/softphone';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import type { CallView } from '../../../shared/domain/call';
import { waitFor } from '../../rig/rig';
import { ifSetUp } from '../../if-set-up';
import { messageText } from '../../ws-text';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tortureDir = path.join(path.resolve(projectRoot, '..', 'shared', 'testdata'), 'sip-torture');
const present = fs.existsSync(path.join(tortureDir, 'INDEX.tsv'));
if (!present) console.warn(`SIP torture tests skipped: no ${path.join('..', 'shared', 'testdata', 'sip-torture')} beside the project`);

/**
 * What the RFC expects of a user agent for each message (INDEX.tsv's rfc_expected_handling, read as
 * an endpoint, not a proxy or registrar). `rings` means the INVITE was taken as a call (it rang the
 * agent); `none` means no answer (only for responses, which a UA never answers, and a request with
 * no Via to answer to). Where the RFC allows several answers, all are listed.
 */
const EXPECTED: Record<string, string[]> = {
  // 3.1.1 valid: accepted and processed (a REGISTER at a UA that is no registrar: 404/405).
  'wsinv.dat': ['481'], // well-formed; its To has a tag, so it belongs to a dialog we do not have
  'intmeth.dat': ['501'],
  'esc01.dat': ['404'], // well-formed; its user (an escaped sips: URI) is not ours
  'escnull.dat': ['404', '405'],
  'esc02.dat': ['501'],
  'lwsdisp.dat': ['200'],
  'longreq.dat': ['rings'],
  'dblreq.dat': ['404', '405'],
  'semiuri.dat': ['404'], // user part is "user;par=u@example.net": not ours
  'transports.dat': ['200'],
  'mpart01.dat': ['200'],
  'unreason.dat': ['none'],
  'noreason.dat': ['none'],
  // 3.1.2 invalid
  'badinv01.dat': ['400'],
  'clerr.dat': ['400'],
  'ncl.dat': ['400'],
  'scalar02.dat': ['400'],
  'scalarlg.dat': ['none'],
  'quotbal.dat': ['400'],
  'ltgtruri.dat': ['400'],
  'lwsruri.dat': ['400'],
  'lwsstart.dat': ['400'],
  'trws.dat': ['400'],
  'escruri.dat': ['400'],
  'baddate.dat': ['rings', '400'],
  'regbadct.dat': ['400'],
  'badaspec.dat': ['400'],
  'baddn.dat': ['400'],
  'badvers.dat': ['505'],
  'mismatch01.dat': ['400'],
  'mismatch02.dat': ['501', '400'],
  'bigcode.dat': ['none'],
  // 3.2 / 3.3 semantic
  'badbranch.dat': ['400', '200'],
  'insuf.dat': ['400'],
  'unkscm.dat': ['416'],
  'novelsc.dat': ['416', '404'],
  'unksm2.dat': ['400'],
  'bext01.dat': ['420'],
  'invut.dat': ['415'],
  'regaut01.dat': ['404', '405'],
  'multi01.dat': ['400'],
  'mcl01.dat': ['400'],
  'bcast.dat': ['none'],
  'zeromf.dat': ['200'],
  'cparam01.dat': ['404', '405'],
  'cparam02.dat': ['404', '405'],
  'regescrt.dat': ['404', '405'],
  'sdp01.dat': ['406', '488', '400'],
  // 3.4 backward compatible: an RFC 2543 INVITE is accepted
  'inv2543.dat': ['rings'],
  // not described by the RFC: no Via to answer to
  'test.dat': ['none', '400'],
  // RFC 5118
  'rfc5118/ipv6-good': ['404', '405'],
  'rfc5118/ipv6-bad': ['400'],
  'rfc5118/port-ambiguous': ['404', '405'],
  'rfc5118/port-unambiguous': ['404', '405'],
  'rfc5118/via-received-param-with-delim': ['404', '481'], // parsed, tolerated; a BYE to no user of ours
  'rfc5118/via-received-param-no-delim': ['404'], // parsed; its Request-URI has no user, so not ours
  'rfc5118/ipv6-in-sdp': ['rings'],
  'rfc5118/mult-ip-in-header': ['481'], // parsed; a BYE for no dialog of ours
  'rfc5118/mult-ip-in-sdp': ['rings'],
  'rfc5118/ipv4-mapped-ipv6': ['rings'],
  'rfc5118/ipv6-bug-abnf-3-colons': ['200'], // must be tolerated
  'rfc5118/ipv6-correct-abnf-2-colons': ['200'],
};

interface Row {
  file: string;
  section: string;
  validity: string;
  expected: string;
  actual: string;
  threw: boolean;
}

let wss: WebSocketServer;
let peer: WebSocket | null = null;
let connections = 0;
const fromPhone: { at: number; text: string }[] = [];
let phone: Softphone;
const calls: CallView[] = [];

function header(msg: string, name: string): string {
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(msg)?.[1]?.trim() ?? '';
}

function replyOk(ws: WebSocket, msg: string, extra: string[] = []): void {
  ws.send(
    [
      'SIP/2.0 200 OK',
      `Via: ${header(msg, 'Via')}`,
      `From: ${header(msg, 'From')}`,
      `To: ${header(msg, 'To')};tag=srv1`,
      `Call-ID: ${header(msg, 'Call-ID')}`,
      `CSeq: ${header(msg, 'CSeq')}`,
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

function ackFor(ws: WebSocket, msg: string): void {
  const seq = /^CSeq:\s*(\d+)/im.exec(msg)![1];
  ws.send(
    [
      'ACK sip:alice@127.0.0.1 SIP/2.0',
      `Via: ${header(msg, 'Via')}`,
      'Max-Forwards: 70',
      `From: ${header(msg, 'From')}`,
      `To: ${header(msg, 'To')}`,
      `Call-ID: ${header(msg, 'Call-ID')}`,
      `CSeq: ${seq} ACK`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

/** The bytes as the harness sends them (see the header comment). */
function wireBytes(file: string): Buffer {
  let bytes = fs.readFileSync(path.join(tortureDir, file));
  if (file.startsWith('rfc5118/')) {
    let text = bytes.toString('latin1').replace(/\r?\n/g, '\r\n');
    if (!text.includes('\r\n\r\n')) text += '\r\n';
    const [head, ...rest] = text.split('\r\n\r\n');
    const body = rest.join('\r\n\r\n');
    const fixed = head!.replace(/^(Content-Length|l)[ \t]*:.*$/im, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
    bytes = Buffer.from(`${fixed}\r\n\r\n${body}`, 'latin1');
  }
  const eol = bytes.indexOf('\r\n');
  const startLine = bytes.subarray(0, eol < 0 ? bytes.length : eol).toString('latin1');
  if (startLine.startsWith('SIP/')) return bytes;
  const retargeted = startLine.replace(/^(\S+ sips?:)[A-Za-z0-9._-]+@/, '$1alice@');
  return Buffer.concat([Buffer.from(retargeted, 'latin1'), eol < 0 ? Buffer.alloc(0) : bytes.subarray(eol)]);
}

/** Sends one message; the outcome is the first final response, `rings`, or `none` after a quiet spell. */
async function feed(file: string): Promise<{ actual: string; threw: boolean }> {
  const ws = peer!;
  const since = fromPhone.length;
  const callsSince = calls.length;
  const threw = phone.threwMessages;
  const bytes = wireBytes(file);
  if (file === 'mpart01.dat') ws.send(bytes, { binary: true });
  else ws.send(bytes.toString('utf8'));
  const finalResponse = () => fromPhone.slice(since).find((m) => /^SIP\/2\.0 [2-6]\d\d/.test(m.text));
  const ringing = () => calls.slice(callsSince).find((c) => c.state === 'ringing');
  // A quiet spell long enough for a busy machine: silence is only ever expected for responses and a request with no Via.
  await waitFor(() => Boolean(finalResponse() || ringing()), 'an answer', 2000).catch(() => undefined);
  let actual = 'none';
  const rang = ringing();
  const response = finalResponse();
  if (rang && !response) {
    actual = 'rings';
    // The agent declines it, so the next message starts from a quiet phone.
    const before = fromPhone.length;
    await phone.reject(rang.id);
    await waitFor(() => fromPhone.slice(before).some((m) => m.text.startsWith('SIP/2.0 486')), 'the 486', 3000).catch(() => undefined);
  } else if (response) {
    actual = /^SIP\/2\.0 (\d{3})/.exec(response.text)![1]!;
  }
  // Let anything sip.js does after its answer (and any throw) happen before the next message.
  await new Promise((r) => setTimeout(r, 50));
  return { actual, threw: phone.threwMessages > threw };
}

beforeAll(async () => {
  if (!present) return;
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  wss.on('connection', (ws) => {
    peer = ws;
    connections++;
    ws.on('message', (data) => {
      const msg = messageText(data);
      if (msg === '\r\n\r\n') {
        ws.send('\r\n');
        return;
      } // keep-alive pong
      fromPhone.push({ at: Date.now(), text: msg });
      // A final non-2xx answer to an INVITE is acknowledged, as a real client does: the torture
      // messages share Via branches, and an unacknowledged INVITE transaction would swallow the next.
      if (/^SIP\/2\.0 [3-6]\d\d/.test(msg) && /^CSeq:\s*\d+\s+INVITE/im.test(msg)) ackFor(ws, msg);
      if (msg.startsWith('REGISTER ')) replyOk(ws, msg, [`Contact: ${header(msg, 'Contact')};expires=300`]);
      else if (msg.startsWith('PUBLISH ')) replyOk(ws, msg, ['SIP-ETag: e1', 'Expires: 600']);
      else if (/^[A-Z]+ /.test(msg) && !msg.startsWith('ACK ')) replyOk(ws, msg);
    });
  });
  await new Promise<void>((r) =>
    wss.once('listening', () => {
      r();
    }),
  );
  const port = (wss.address() as { port: number }).port;
  phone = new Softphone({
    account: SipAccountSchema.parse({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: 'x', server: `ws://127.0.0.1:${port}` }),
    createMedia: () => new NodeRtpSessionDescriptionHandler(),
    webSocket: WebSocket,
  });
  phone.on('call', (c) => calls.push(c));
  await phone.start();
  await waitFor(() => phone.status().registration === 'registered', 'registered');
});

afterAll(async () => {
  await ifSetUp(phone, (p) => p.stop().catch(() => undefined));
  ifSetUp(wss, (w) => {
    w.close();
  });
});

describe.skipIf(!present)('RFC 4475 and RFC 5118 torture messages from a hostile WebSocket server', () => {
  it('answers each as the RFC expects, never crashes, stays registered, and still takes a valid call', async () => {
    const index = fs
      .readFileSync(path.join(tortureDir, 'INDEX.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    expect(index.length).toBeGreaterThanOrEqual(62);
    // Every message in the set has an expectation here: a new file fails the test until it has one.
    expect(index.map((r) => r[0]).filter((f) => !(f! in EXPECTED))).toEqual([]);
    const rows: Row[] = [];
    for (const [file, , section, validity] of index) {
      const { actual, threw } = await feed(file!);
      rows.push({ file: file!, section: section!, validity: validity!.split(' ')[0]!, expected: EXPECTED[file!]!.join('|'), actual, threw });
    }
    console.table(rows);
    const wrong = rows.filter((r) => !r.expected.split('|').includes(r.actual) || r.threw);
    expect(wrong, 'messages answered otherwise than the RFC expects (or that made sip.js throw)').toEqual([]);
    expect(connections).toBe(1);
    expect(phone.status().registration).toBe('registered');

    // The next valid INVITE still rings and is answered; media is set up; the call ends cleanly.
    const rtp = dgram.createSocket('udp4');
    await new Promise<void>((r) =>
      rtp.bind(0, '127.0.0.1', () => {
        r();
      }),
    );
    const rtpPort = rtp.address().port;
    const sdp = [
      'v=0',
      'o=torture 1 1 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${rtpPort} RTP/AVP 0`,
      'a=rtpmap:0 PCMU/8000',
      'a=sendrecv',
      '',
    ].join('\r\n');
    const via = 'SIP/2.0/WS torture.invalid;branch=z9hG4bKafter1';
    const since = fromPhone.length;
    const callsSince = calls.length;
    peer!.send(
      [
        'INVITE sip:alice@127.0.0.1 SIP/2.0',
        `Via: ${via}`,
        'Max-Forwards: 70',
        'From: "After the storm" <sip:caller@torture.invalid>;tag=after1',
        'To: <sip:alice@127.0.0.1>',
        'Call-ID: after-torture-1',
        'CSeq: 1 INVITE',
        'Contact: <sip:caller@torture.invalid;transport=ws>',
        'Content-Type: application/sdp',
        `Content-Length: ${Buffer.byteLength(sdp)}`,
        '',
        sdp,
      ].join('\r\n'),
    );
    await waitFor(() => calls.slice(callsSince).some((c) => c.state === 'ringing'), 'the valid INVITE ringing', 3000);
    const call = calls.slice(callsSince).find((c) => c.state === 'ringing')!;
    expect(call.remote.user).toBe('caller');
    await phone.answer(call.id);
    await waitFor(() => fromPhone.slice(since).some((m) => m.text.startsWith('SIP/2.0 200') && m.text.includes('after-torture-1')), 'the 200 OK');
    const ok = fromPhone.slice(since).find((m) => m.text.startsWith('SIP/2.0 200') && m.text.includes('after-torture-1'))!.text;
    expect(ok).toMatch(/\r\nContent-Type: application\/sdp/i);
    const toTag = /^To:.*;tag=([^;\s]+)/im.exec(ok)![1];
    const contact = /<([^>]+)>/.exec(header(ok, 'Contact'))![1];
    peer!.send(
      [
        `ACK ${contact} SIP/2.0`,
        'Via: SIP/2.0/WS torture.invalid;branch=z9hG4bKafter2',
        'Max-Forwards: 70',
        'From: "After the storm" <sip:caller@torture.invalid>;tag=after1',
        `To: <sip:alice@127.0.0.1>;tag=${toTag}`,
        'Call-ID: after-torture-1',
        'CSeq: 1 ACK',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    await waitFor(() => phone.get(call.id)?.state === 'active', 'the call connected');
    const byeSince = fromPhone.length;
    await phone.hangup(call.id);
    await waitFor(() => fromPhone.slice(byeSince).some((m) => m.text.startsWith('BYE ')), 'the BYE');
    await waitFor(() => phone.get(call.id) === null, 'the call ended');
    rtp.close();
    expect(phone.status().registration).toBe('registered');
  }, 120_000);
});
