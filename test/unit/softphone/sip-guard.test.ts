// The transport guard with sip.js's own parser: well-formed traffic passes byte for byte, an ACK is
// never answered, a refusal is a proper stateless response built from the request's own headers.
import { describe, expect, it } from 'vitest';
import { Core } from 'sip.js';
import { screenSipMessage } from '../../../electron/softphone/sip-guard';

const logger = new Core.LoggerFactory().getLogger('test');
const parses = (m: string) => Core.Parser.parseMessage(m, logger) !== undefined;
const screen = (m: string) => screenSipMessage(m, parses);

const sdp = 'v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';
const invite = (extra: string[] = [], body = sdp, method = 'INVITE', cseqMethod = method) =>
  [
    `${method} sip:alice@abc.invalid;transport=ws SIP/2.0`,
    'Record-Route: <sip:127.0.0.1:5060;lr>',
    'Via: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bK776asdhds',
    'Via: SIP/2.0/UDP 127.0.0.1:5070;rport=5070;branch=z9hG4bK-1',
    'Max-Forwards: 69',
    'From: "Bob" <sip:bob@127.0.0.1>;tag=1928301774',
    'To: <sip:alice@127.0.0.1>',
    'Call-ID: a84b4c76e66710@pc33',
    `CSeq: 314159 ${cseqMethod}`,
    'Contact: <sip:bob@127.0.0.1:5070>',
    ...extra,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');

describe('sip-guard', () => {
  it('passes a well-formed INVITE through a proxy unchanged', () => {
    const m = invite(['Supported: replaces, outbound', 'Accept: application/sdp']);
    expect(screen(m)).toEqual({ deliver: m, reply: null, reason: null });
  });

  it('answers a refusal statelessly with every Via, From, To (tagged), Call-ID and CSeq of the request', () => {
    const v = screen(invite(['Require: 100rel, timer']));
    expect(v.deliver).toBeNull();
    const lines = v.reply!.split('\r\n');
    expect(lines[0]).toBe('SIP/2.0 420 Bad Extension');
    expect(lines.filter((l) => l.startsWith('Via: '))).toHaveLength(2);
    expect(v.reply).toMatch(/\r\nTo: <sip:alice@127\.0\.0\.1>;tag=[0-9a-f]{12}\r\n/);
    expect(v.reply).toContain('\r\nCall-ID: a84b4c76e66710@pc33\r\n');
    expect(v.reply).toContain('\r\nCSeq: 314159 INVITE\r\n');
    expect(v.reply).toContain('\r\nUnsupported: 100rel, timer\r\n');
    expect(v.reply!.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
    expect(parses(v.reply!)).toBe(true);
  });

  it('never answers an ACK, even a broken one', () => {
    expect(screen(invite([], '', 'ACK', 'INVITE'))).toMatchObject({ deliver: null, reply: null });
  });

  it('never answers a response; drops one with an impossible status code', () => {
    const ok =
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bKa\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
    expect(screen(ok)).toEqual({ deliver: ok, reply: null, reason: null });
    expect(screen(ok.replace('200 OK', '4294967301 Big'))).toMatchObject({ deliver: null, reply: null });
  });

  it('discards octets after Content-Length (RFC 3261 18.3) and refuses a body shorter than it', () => {
    const m = invite([], sdp);
    const v = screen(`${m}INVITE sip:trailing@x SIP/2.0\r\n`);
    expect(v.deliver).toBe(m);
    expect(screen(m.replace(/Content-Length: \d+/, 'Content-Length: 9999')).reply).toMatch(/^SIP\/2\.0 400 /);
  });
});
