/**
 * A session description handler for Node: plain RTP/AVP audio (PCMU + RFC 4733 telephone-event) on
 * a loopback UDP socket. It really sends a 440 Hz tone every 20 ms and counts what it receives, so
 * tests can prove that media flows both ways through real SIP peers; it sends and receives DTMF as
 * RFC 4733 events. Used by the tests and the benchmark; the app uses the media-bridge handler.
 */
import dgram from 'node:dgram';
import type { BodyAndContentType } from 'sip.js';
import type { MonitorMode } from '../../shared/domain/monitor';
import type { CallMedia, CallMediaOptions } from './call-media';
import { buildAudioSdp, parseRemoteAudio, type Direction, type RemoteAudio } from './sdp';

export interface RtpStats {
  sent: number;
  received: number;
  dtmfReceived: string[];
  localPort: number;
  remote: RemoteAudio | null;
  direction: Direction;
}

const DTMF_EVENTS = '0123456789*#ABCD';
const PCMU_PT = 0;

function pcmuTone(frame: number): Buffer {
  // 160 samples of a 440 Hz sine, mu-law encoded.
  const out = Buffer.alloc(160);
  for (let i = 0; i < 160; i++) {
    const s = Math.round(Math.sin((2 * Math.PI * 440 * (frame * 160 + i)) / 8000) * 8000);
    out[i] = linearToMuLaw(s);
  }
  return out;
}

function linearToMuLaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  const s = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export class NodeRtpSessionDescriptionHandler implements CallMedia {
  private socket: dgram.Socket | null = null;
  private bound: Promise<number> | null = null;
  private remote: RemoteAudio | null = null;
  private timer: NodeJS.Timeout | null = null;
  private seq = Math.floor(Math.random() * 65535);
  private timestamp = Math.floor(Math.random() * 2 ** 31);
  private readonly ssrcValue = Math.floor(Math.random() * 2 ** 32);
  private readonly sessionId = Date.now();
  private version = 0;
  private localDirection: Direction = 'sendrecv';
  private lastDtmfTimestamp = -1;
  private frame = 0;
  readonly stats: RtpStats = { sent: 0, received: 0, dtmfReceived: [], localPort: 0, remote: null, direction: 'sendrecv' };
  private readonly dtmfListeners = new Set<(digit: string) => void>();
  /** Conference: audio received here is also relayed to these legs (the agent's desktop is the mixer). */
  private readonly bridged = new Set<NodeRtpSessionDescriptionHandler>();
  /** SSRCs heard on this leg: a test can tell whose audio arrived. */
  readonly ssrcsReceived = new Set<number>();
  /** Monitoring: one-way relays (audio received here is also sent on these legs). */
  private readonly relayTo = new Set<NodeRtpSessionDescriptionHandler>();
  /** Whether what arrives on this leg is played to the local user (off for a lead who only listens). */
  private playout = true;
  /** SSRCs played to the local user (the agent's ear): a test can tell whose audio the agent heard. */
  readonly ssrcsHeard = new Set<number>();
  private monitored: NodeRtpSessionDescriptionHandler | null = null;

  /**
   * This leg is a team lead's monitoring leg at the agent's desktop; `call` is the agent's call with the
   * caller. The lead hears the caller (relayed) and the agent (this leg's own audio) in every mode; the
   * agent hears the lead in whisper and barge; the caller hears the lead only in barge. The caller's
   * leg itself is not renegotiated, so nothing is announced to the caller.
   */
  monitorOf(media: CallMedia, mode: MonitorMode): void {
    const call = sameKind(media);
    this.monitored = call;
    call.relayTo.add(this);
    this.playout = mode !== 'listen';
    if (mode === 'barge') this.relayTo.add(call);
    else this.relayTo.delete(call);
  }

  get ssrc(): number {
    return this.ssrcValue;
  }

  bridgeWith(media: CallMedia): void {
    const other = sameKind(media);
    this.bridged.add(other);
    other.bridged.add(this);
  }

  unbridge(): void {
    for (const o of this.bridged) o.bridged.delete(this);
    this.bridged.clear();
  }

  private relay(packet: Buffer): void {
    if (!this.socket || !this.remote) return;
    this.socket.send(packet, this.remote.port, this.remote.address, () => undefined);
  }

  constructor(
    private readonly address = '127.0.0.1',
    /** Offer RFC 4733 telephone-event (a peer without it makes DTMF fall back to SIP INFO). */
    private readonly telephoneEvent = true,
  ) {}

  private muted = false;

  /** Mute: the microphone (here, the tone) stops being sent; the call and its timers carry on. */
  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  /** Whether DTMF can go in the media path: both sides offered telephone-event. */
  supportsRtpDtmf(): boolean {
    return this.telephoneEvent && this.remote?.telephoneEvent !== null && this.remote?.telephoneEvent !== undefined;
  }

  onDtmf(listener: (digit: string) => void): () => void {
    this.dtmfListeners.add(listener);
    return () => this.dtmfListeners.delete(listener);
  }

  private bind(): Promise<number> {
    if (this.bound) return this.bound;
    this.bound = new Promise<number>((resolve, reject) => {
      const socket = dgram.createSocket(this.address.includes(':') ? 'udp6' : 'udp4');
      this.socket = socket;
      socket.on('message', (msg) => {
        this.receive(msg);
      });
      socket.on('error', () => undefined);
      socket.once('error', reject);
      socket.bind(0, this.address, () => {
        this.stats.localPort = socket.address().port;
        resolve(this.stats.localPort);
      });
    });
    return this.bound;
  }

  async getDescription(options?: CallMediaOptions): Promise<BodyAndContentType> {
    const port = await this.bind();
    const hold = options?.hold === true;
    if (this.remote) {
      // Answer: mirror the peer's direction (their sendonly is our recvonly) unless we hold.
      const theirs = this.remote.direction;
      this.localDirection = hold
        ? 'sendonly'
        : theirs === 'sendonly'
          ? 'recvonly'
          : theirs === 'recvonly'
            ? 'sendonly'
            : theirs === 'inactive'
              ? 'inactive'
              : 'sendrecv';
    } else {
      this.localDirection = hold ? 'sendonly' : 'sendrecv';
    }
    if (options && 'hold' in (options as object)) this.localDirection = hold ? 'sendonly' : 'sendrecv';
    this.stats.direction = this.localDirection;
    const body = buildAudioSdp({
      sessionId: this.sessionId,
      version: this.version++,
      address: this.address,
      port,
      direction: this.localDirection,
      telephoneEvent: this.telephoneEvent,
    });
    return { body, contentType: 'application/sdp' };
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  async setDescription(sdp: string): Promise<void> {
    await this.bind();
    this.remote = parseRemoteAudio(sdp);
    this.stats.remote = this.remote;
    this.startSending();
  }

  sendDtmf(tones: string): boolean {
    if (!this.remote || !this.socket || !/^[0-9*#A-D]+$/.test(tones)) return false;
    const pt = this.remote.telephoneEvent ?? 101;
    let delay = 0;
    for (const tone of tones) {
      const event = DTMF_EVENTS.indexOf(tone);
      const ts = (this.timestamp += 800);
      // Five updates of growing duration, then the end packet three times (RFC 4733 section 2.5.1.4).
      for (let i = 0; i < 8; i++) {
        const end = i >= 5;
        const duration = Math.min(i + 1, 6) * 160;
        const payload = Buffer.from([event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);
        setTimeout(
          () => {
            this.sendPacket(pt, payload, ts, i === 0);
          },
          delay + i * 20,
        );
      }
      delay += 250;
    }
    return true;
  }

  close(): void {
    this.unbridge();
    this.monitored?.relayTo.delete(this);
    this.monitored = null;
    for (const o of this.relayTo) if (o.monitored === this) o.monitored = null;
    this.relayTo.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      this.socket?.close();
    } catch {
      /* already closed */
    }
    this.socket = null;
  }

  private startSending(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const dir = this.localDirection;
      this.timestamp += 160;
      if (dir === 'recvonly' || dir === 'inactive' || !this.remote || this.muted) return;
      this.sendPacket(PCMU_PT, pcmuTone(this.frame++), this.timestamp, false);
    }, 20);
    this.timer.unref();
  }

  private sendPacket(pt: number, payload: Buffer, timestamp: number, marker: boolean): void {
    if (!this.socket || !this.remote) return;
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | pt;
    header.writeUInt16BE((this.seq = (this.seq + 1) & 0xffff), 2);
    header.writeUInt32BE(timestamp >>> 0, 4);
    header.writeUInt32BE(this.ssrcValue >>> 0, 8);
    this.socket.send(Buffer.concat([header, payload]), this.remote.port, this.remote.address, () => undefined);
    this.stats.sent++;
  }

  private receive(msg: Buffer): void {
    if (msg.length < 12 || msg.readUInt8(0) >> 6 !== 2) return; // not RTP v2
    const pt = msg.readUInt8(1) & 0x7f;
    if (pt >= 72 && pt <= 76) return; // RTCP
    const telephoneEvent = this.remote?.telephoneEvent ?? 101;
    if (pt === telephoneEvent && msg.length >= 16) {
      const ts = msg.readUInt32BE(4);
      const end = (msg.readUInt8(13) & 0x80) !== 0;
      if (end && ts !== this.lastDtmfTimestamp) {
        this.lastDtmfTimestamp = ts;
        const digit = DTMF_EVENTS[msg.readUInt8(12)] ?? '?';
        this.stats.dtmfReceived.push(digit);
        for (const l of this.dtmfListeners) l(digit);
      }
      return;
    }
    this.stats.received++;
    const ssrc = msg.readUInt32BE(8);
    this.ssrcsReceived.add(ssrc);
    if (this.playout) this.ssrcsHeard.add(ssrc);
    for (const other of this.bridged) other.relay(msg);
    for (const other of this.relayTo) other.relay(msg);
  }
}

/** Mixing happens between RTP legs of this process only. */
function sameKind(media: CallMedia): NodeRtpSessionDescriptionHandler {
  if (!(media instanceof NodeRtpSessionDescriptionHandler)) throw new Error('plain RTP media can only be mixed with plain RTP media');
  return media;
}
