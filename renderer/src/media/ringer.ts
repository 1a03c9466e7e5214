/** Rings while a call is waiting to be answered, on the ringer device the agent chose. */
import { usePhone } from '../features/phone/store';
import { useIdentity } from '../features/identity/store';
import { applySpeaker, onDeviceChange } from './devices';

function ringWav(): Blob {
  // 2 s: 1 s of the North American ring (440 + 480 Hz), 1 s of silence; 8 kHz mono 16-bit PCM.
  const rate = 8000;
  const samples = rate * 2;
  const data = new DataView(new ArrayBuffer(44 + samples * 2));
  const text = (o: number, s: string) => {
    // The RIFF tags are ASCII: one byte per UTF-16 code unit.
    for (let i = 0; i < s.length; i++) data.setUint8(o + i, s.charCodeAt(i));
  };
  text(0, 'RIFF');
  data.setUint32(4, 36 + samples * 2, true);
  text(8, 'WAVEfmt ');
  data.setUint32(16, 16, true);
  data.setUint16(20, 1, true);
  data.setUint16(22, 1, true);
  data.setUint32(24, rate, true);
  data.setUint32(28, rate * 2, true);
  data.setUint16(32, 2, true);
  data.setUint16(34, 16, true);
  text(36, 'data');
  data.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const v = i < rate ? 0.25 * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t)) : 0;
    data.setInt16(44 + i * 2, Math.round(v * 32767), true);
  }
  return new Blob([data.buffer], { type: 'audio/wav' });
}

export function startRinger(): void {
  const el = new Audio(URL.createObjectURL(ringWav()));
  el.loop = true;
  void applySpeaker(el, 'ringer');
  onDeviceChange((kind) => (kind === 'ringer' ? applySpeaker(el, 'ringer') : undefined));
  // A call rings on the desk, or at the desk while it is locked (the sign-in screen says so; no caller detail there).
  const update = () => {
    const ringing = Object.values(usePhone.getState().calls).some((c) => c.state === 'ringing') || useIdentity.getState().status?.ringingWhileLocked === true;
    if (ringing && el.paused) void el.play().catch(() => undefined);
    if (!ringing && !el.paused) {
      el.pause();
      el.currentTime = 0;
    }
  };
  usePhone.subscribe(update);
  useIdentity.subscribe(update);
  update();
}
