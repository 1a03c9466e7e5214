/**
 * Raw SIP over UDP to the rig's Kamailio, as any client on the network could send it, answering the server's
 * digest challenge (RFC 2617 MD5, qop auth or none) with a rig user's password: a test can send what no
 * well-behaved phone would (headers only the server may write) from a user the server authenticates.
 */
import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { waitFor, type Kamailio } from './rig';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export interface RawInvite {
  from: { user: string; password: string };
  to: string;
  /** Extra header lines, written as given. */
  headers: string[];
}

/** The first line of each answer the server sent, in order. */
export type Answers = string[];

/** An INVITE (with a plain SDP offer) from `from.user`, authenticated when challenged; resolves once a final answer or a 100 after the challenge came. */
/** A UDP socket on loopback for raw SIP, and every datagram it has received so far (as text). */
export async function rawSipSocket(): Promise<{ socket: dgram.Socket; port: number; replies: string[] }> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) =>
    socket.bind(0, '127.0.0.1', () => {
      r();
    }),
  );
  const replies: string[] = [];
  socket.on('message', (m) => replies.push(m.toString()));
  return { socket, port: socket.address().port, replies };
}

export async function sendRawInvite(kam: Kamailio, invite: RawInvite): Promise<{ answers: Answers; close: () => void }> {
  const { socket, port, replies } = await rawSipSocket();
  const callId = `raw-${randomBytes(6).toString('hex')}@127.0.0.1`;
  const ruri = `sip:${invite.to}@127.0.0.1:${kam.sipPort}`;
  const sdp = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port + 2} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;
  const message = (cseq: number, auth: string[]) =>
    [
      `INVITE ${ruri} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-${randomBytes(6).toString('hex')};rport`,
      'Max-Forwards: 70',
      `From: <sip:${invite.from.user}@127.0.0.1>;tag=raw${cseq}`,
      `To: <sip:${invite.to}@127.0.0.1>`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} INVITE`,
      `Contact: <sip:${invite.from.user}@127.0.0.1:${port}>`,
      ...invite.headers,
      ...auth,
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(sdp)}`,
    ].join('\r\n') + `\r\n\r\n${sdp}`;
  const firstLine = (r: string) => r.split('\r\n')[0] ?? '';
  socket.send(message(1, []), kam.sipPort, '127.0.0.1');
  await waitFor(() => replies.some((r) => / (407|401|[2-6]\d\d) /.test(firstLine(r))), 'the server to answer the raw INVITE');
  const challenge = replies.find((r) => / 407 /.test(firstLine(r)));
  if (challenge) {
    // The challenge's transaction ends with our ACK (same branch, as the server expects for a non-2xx).
    const header = /^Proxy-Authenticate:\s*Digest\s+(.*)$/im.exec(challenge)?.[1] ?? '';
    const param = (name: string) => new RegExp(`${name}="?([^",]+)"?`, 'i').exec(header)?.[1];
    const realm = param('realm') ?? '';
    const nonce = param('nonce') ?? '';
    const qop = param('qop');
    const cnonce = randomBytes(8).toString('hex');
    const ha1 = md5(`${invite.from.user}:${realm}:${invite.from.password}`);
    const ha2 = md5(`INVITE:${ruri}`);
    const response = qop ? md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
    const auth = `Proxy-Authorization: Digest username="${invite.from.user}", realm="${realm}", nonce="${nonce}", uri="${ruri}", response="${response}", algorithm=MD5${qop ? `, qop=auth, nc=00000001, cnonce="${cnonce}"` : ''}`;
    const answered = replies.length;
    socket.send(message(2, [auth]), kam.sipPort, '127.0.0.1');
    await waitFor(() => replies.slice(answered).some((r) => / \d\d\d /.test(firstLine(r))), 'the server to take the authenticated INVITE');
  }
  return {
    answers: replies.map(firstLine),
    close: () => {
      socket.close();
    },
  };
}
