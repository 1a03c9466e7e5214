/** The loopback redirect listener's own limits: the Host it answers to, the method, and its time limit. */
import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { CodedError } from '../../../shared/errors';
import { listenForRedirect } from '../../../electron/identity/loopback-redirect';

/** A GET with a chosen Host header (fetch does not let one set it). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

describe('loopback redirect listener', () => {
  it('answers the redirect only on its path, by GET, for the Host 127.0.0.1:<port>; then closes', async () => {
    const redirect = await listenForRedirect({ path: '/callback', expectedState: 'the-state', timeoutMs: 60_000 });
    const url = `${redirect.redirectUri}?code=c&state=the-state`;
    expect(await getWithHost(url, 'attacker.example:80')).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(404);
    expect((await fetch(url)).status).toBe(200);
    const answer = await redirect.response;
    expect(answer.searchParams.get('code')).toBe('c');
    await redirect.closed;
    await expect(fetch(url)).rejects.toThrow(TypeError);
  });

  it('gives up after its time limit and closes', async () => {
    const redirect = await listenForRedirect({ path: '/callback', expectedState: 's', timeoutMs: 200 });
    const err = await redirect.response.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('signInTimedOut');
    await redirect.closed;
    await expect(fetch(`${redirect.redirectUri}?state=s`)).rejects.toThrow(TypeError);
  });
});
