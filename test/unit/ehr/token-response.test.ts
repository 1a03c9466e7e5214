/** The token endpoint's answer: a usable bearer token, or a coded error that carries nothing the server sent but its OAuth error code. */
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../shared/errors';
import { MAX_TOKEN_LIFETIME_SECONDS, readTokenResponse } from '../../../electron/ehr/token-response';
import { tokenTimes } from '../../../electron/ehr/smart-backend-auth';

const answer = (status: number, body: unknown) => ({ status, contentType: 'application/json', body: typeof body === 'string' ? body : JSON.stringify(body) });
const good = { access_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', token_type: 'Bearer', expires_in: 300, scope: 'system/*.rs' };

function codeOf(a: ReturnType<typeof answer>): string {
  try {
    readTokenResponse(a);
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).message).not.toContain(good.access_token);
    expect((err as CodedError).message).not.toContain('secret-detail');
    return (err as CodedError).code;
  }
  throw new Error('expected a refusal');
}

describe('token response', () => {
  it('reads a bearer token (token_type case-insensitive) and caps a very long lifetime', () => {
    expect(readTokenResponse(answer(200, good))).toEqual({ accessToken: good.access_token, expiresInSeconds: 300, scope: 'system/*.rs' });
    expect(readTokenResponse(answer(200, { ...good, token_type: 'bearer', expires_in: 10 * 365 * 86400 })).expiresInSeconds).toBe(MAX_TOKEN_LIFETIME_SECONDS);
  });

  it('refuses answers without a usable bearer token as ehrAuthBadResponse', () => {
    for (const bad of [
      { ...good, token_type: 'mac' },
      { ...good, token_type: 'DPoP' },
      { ...good, expires_in: 0 },
      { ...good, expires_in: -5 },
      { ...good, expires_in: '300' },
      { ...good, access_token: 42 },
      { ...good, access_token: '' },
      { ...good, access_token: `${good.access_token}\r\nX-Injected: 1` },
      { ...good, access_token: 'a'.repeat(20_000) },
      { token_type: 'Bearer', expires_in: 300 },
      { access_token: good.access_token, token_type: 'Bearer' },
    ]) {
      expect(codeOf(answer(200, bad))).toBe('ehrAuthBadResponse');
    }
    expect(codeOf(answer(200, '<html>secret-detail</html>'))).toBe('ehrAuthBadResponse');
    expect(codeOf(answer(302, ''))).toBe('ehrAuthBadResponse');
    expect(codeOf(answer(404, 'secret-detail'))).toBe('ehrAuthBadResponse');
  });

  it('maps OAuth errors: the client refused, other refusals, and unavailability', () => {
    expect(codeOf(answer(401, { error: 'invalid_client', error_description: 'secret-detail' }))).toBe('ehrAuthClientRejected');
    expect(codeOf(answer(400, { error: 'unauthorized_client' }))).toBe('ehrAuthClientRejected');
    expect(codeOf(answer(400, { error: 'invalid_scope', error_description: 'secret-detail' }))).toBe('ehrAuthRefused');
    expect(codeOf(answer(400, { error: 'secret-detail\nwith a newline' }))).toBe('ehrAuthBadResponse');
    expect(codeOf(answer(503, { error: 'temporarily_unavailable' }))).toBe('ehrAuthUnreachable');
    expect(codeOf(answer(429, ''))).toBe('ehrAuthUnreachable');
  });

  it('replaces a token before it expires: 30 s early for long tokens, at two thirds of a short life, a second off for whole-second expiry', () => {
    expect(tokenTimes(0, 3600_000)).toEqual({ expiresAt: 3599_000, refreshAt: 3569_000 });
    expect(tokenTimes(1000, 3000)).toEqual({ expiresAt: 3000, refreshAt: 3000 - 2000 / 3 });
    const tiny = tokenTimes(0, 1000);
    expect(tiny.refreshAt).toBeGreaterThan(0);
    expect(tiny.refreshAt).toBeLessThan(tiny.expiresAt);
  });
});
