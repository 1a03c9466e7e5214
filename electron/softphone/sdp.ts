import { must } from '../../shared/must';

/** Just enough SDP for plain RTP audio: build an offer/answer, read the peer's address and direction. */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface RemoteAudio {
  address: string;
  port: number;
  direction: Direction;
  payloadTypes: number[];
  telephoneEvent: number | null;
}

export function buildAudioSdp(o: {
  sessionId: number;
  version: number;
  address: string;
  port: number;
  direction: Direction;
  telephoneEvent?: boolean;
}): string {
  const te = o.telephoneEvent !== false;
  return [
    'v=0',
    `o=carefront ${o.sessionId} ${o.version} IN IP4 ${o.address}`,
    's=carefront',
    `c=IN IP4 ${o.address}`,
    't=0 0',
    `m=audio ${o.port} RTP/AVP 0${te ? ' 101' : ''}`,
    'a=rtpmap:0 PCMU/8000',
    ...(te ? ['a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16'] : []),
    'a=ptime:20',
    `a=${o.direction}`,
    '',
  ].join('\r\n');
}

/** Parses the first audio m-line. Throws on SDP we cannot use (no audio, no address, a bad port). */
export function parseRemoteAudio(sdp: string): RemoteAudio {
  if (sdp.length > 16_384) throw new Error('SDP too large');
  const lines = sdp.split(/\r?\n/);
  let sessionAddress: string | null = null;
  let media: RemoteAudio | null = null;
  let sessionDirection: Direction = 'sendrecv';
  for (const line of lines) {
    if (line.startsWith('c=IN IP4 ') || line.startsWith('c=IN IP6 ')) {
      const addr = line.slice(9).trim().replace(/\/.*$/, '');
      if (media) media.address = addr;
      else sessionAddress = addr;
    } else if (line.startsWith('m=')) {
      if (media) break; // only the first media section
      const m = /^m=audio (\d{1,5}) RTP\/[A-Z/]+ ([\d ]+)$/.exec(line.trim());
      if (!m) continue;
      const port = Number(m[1]);
      if (port < 0 || port > 65535) throw new Error('bad audio port');
      media = {
        address: sessionAddress ?? '',
        port,
        direction: sessionDirection,
        payloadTypes: must(m[2], 'the payload types the pattern matched').trim().split(/\s+/).map(Number),
        telephoneEvent: null,
      };
    } else if (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line.trim())) {
      const d = line.trim().slice(2) as Direction;
      if (media) media.direction = d;
      else sessionDirection = d;
    } else if (media && /^a=rtpmap:(\d+) telephone-event\/8000/i.test(line)) {
      media.telephoneEvent = Number(must(/^a=rtpmap:(\d+)/.exec(line)?.[1], 'the payload type the test matched'));
    }
  }
  if (!media) throw new Error('no audio in SDP');
  if (!media.address) throw new Error('no connection address in SDP');
  return media;
}
