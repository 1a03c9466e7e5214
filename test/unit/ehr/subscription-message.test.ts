/** A subscription websocket message: only `bound <id>`, `ping <id>` and `error …` are accepted; everything else is `invalid`. */
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, parseSocketMessage } from '../../../electron/ehr/subscription-message';

const text = (s: string) => parseSocketMessage(Buffer.from(s, 'utf8'), false);

describe('subscription websocket message', () => {
  it('reads bound, ping and error (the error text is never kept)', () => {
    expect(text('bound 1000')).toEqual({ kind: 'bound', id: '1000' });
    expect(text('ping a-b.C9')).toEqual({ kind: 'ping', id: 'a-b.C9' });
    expect(text('error')).toEqual({ kind: 'error' });
    expect(text('error Invalid bind request - Unknown subscription')).toEqual({ kind: 'error' });
  });

  it('takes the frame in any of the shapes ws hands over', () => {
    expect(parseSocketMessage([Buffer.from('pi'), Buffer.from('ng 7')], false)).toEqual({ kind: 'ping', id: '7' });
    expect(parseSocketMessage(new Uint8Array(Buffer.from('bound 7')).buffer, false)).toEqual({ kind: 'bound', id: '7' });
  });

  it('refuses binary frames, oversized, non-UTF-8 and anything not exactly the protocol', () => {
    expect(parseSocketMessage(Buffer.from('ping 1'), true)).toEqual({ kind: 'invalid', reason: 'binary' });
    expect(text(`ping ${'1'.repeat(MAX_MESSAGE_BYTES)}`)).toEqual({ kind: 'invalid', reason: 'tooLong' });
    expect(text(`error ${'x'.repeat(MAX_MESSAGE_BYTES)}`)).toEqual({ kind: 'invalid', reason: 'tooLong' });
    expect(parseSocketMessage(Buffer.from([0x70, 0x69, 0x6e, 0x67, 0x20, 0xff]), false)).toEqual({ kind: 'invalid', reason: 'notText' });
    for (const bad of [
      '',
      'ping',
      'ping ',
      'PING 1',
      'ping 1\n',
      'ping  1',
      ' ping 1',
      'ping 1 2',
      'ping Subscription/1',
      `ping ${'1'.repeat(65)}`,
      'bound',
      'pong 1',
      'errors',
      'error\tx',
      'error \u0000',
      '{"resourceType":"Patient"}',
      'bind 1',
    ]) {
      expect(text(bad), JSON.stringify(bad)).toEqual({ kind: 'invalid', reason: 'unknown' });
    }
  });
});
