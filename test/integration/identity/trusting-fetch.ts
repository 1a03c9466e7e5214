/**
 * A fetch for openid-client (its `customFetch`) that trusts one given certificate authority: what Electron's
 * `net.fetch` does for the organisation's own CA through the system's certificate store, here over node:https.
 */
import https from 'node:https';
import type { CustomFetch } from 'openid-client';

export function fetchTrusting(ca: string): CustomFetch {
  return (url, options) =>
    new Promise<Response>((resolve, reject) => {
      const body = options.body;
      if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof URLSearchParams)) {
        reject(new TypeError('only text and form bodies are sent to the identity provider'));
        return;
      }
      const req = https.request(url, { method: options.method, headers: options.headers, ca, signal: options.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
          }
          const status = res.statusCode ?? 500;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
        });
      });
      req.on('error', reject);
      req.end(body === undefined || body === null ? undefined : body.toString());
    });
}
