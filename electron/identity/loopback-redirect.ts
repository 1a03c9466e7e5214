/**
 * The loopback redirect of a native app's sign-in (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 on a port
 * the system picks, for ONE authorization response.
 *
 * - Only `GET <path>` with `Host: 127.0.0.1:<port>` is the redirect; anything else (the browser's favicon, a
 *   page on another host name pointed here by DNS rebinding) gets a 404 and changes nothing.
 * - The first redirect settles it: its `state` must be the one this sign-in sent, else it is refused (400)
 *   and the sign-in fails with `signInRefused`. Either way the listener then closes: it serves one use.
 * - It gives up after `timeoutMs` (`signInTimedOut`) or when cancelled (`signInCancelled`), and closes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { CodedError } from '../../shared/errors';

export interface LoopbackRedirect {
  /** The redirect URI to send in the authorization request: `http://127.0.0.1:<port><path>`. */
  readonly redirectUri: string;
  /** The full URL the browser was redirected to (its state already checked). */
  readonly response: Promise<URL>;
  /** Stops waiting: `response` fails with `signInCancelled` (if not settled yet) and the listener closes. */
  cancel(): void;
  /** Resolves once the listener no longer accepts connections. */
  readonly closed: Promise<void>;
}

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1><p>${body}</p></main></body></html>`;

const sameText = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function listenForRedirect(o: { path: string; expectedState: string; timeoutMs: number }): Promise<LoopbackRedirect> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = new Promise<void>((resolve) => server.once('close', resolve));
  let settle: { resolve: (url: URL) => void; reject: (err: CodedError) => void } | null = null;
  const response = new Promise<URL>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The caller awaits the response once the browser is opened: a cancel or time-out before then is not unhandled.
  response.catch(() => undefined);
  const finish = (outcome: URL | CodedError): void => {
    if (!settle) return;
    const { resolve, reject } = settle;
    settle = null;
    clearTimeout(timer);
    server.close();
    server.closeIdleConnections();
    if (outcome instanceof URL) resolve(outcome);
    else reject(outcome);
  };
  const timer = setTimeout(() => {
    finish(new CodedError('signInTimedOut', `the sign-in was not finished within ${Math.round(o.timeoutMs / 1000)} s`));
  }, o.timeoutMs);

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('connection', 'close');
    if (req.method !== 'GET' || req.headers.host !== host || url.pathname !== o.path || !settle) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const state = url.searchParams.get('state');
    if (state === null || !sameText(state, o.expectedState)) {
      res
        .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
        .end(page('Sign-in refused', 'This answer does not belong to the sign-in Carefront started. Return to the desk and sign in again.'));
      finish(new CodedError('signInRefused', "the redirect's state is not the one this sign-in sent"));
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(page('Carefront sign-in', 'Carefront received the answer. You can close this tab and return to the desk.'));
    finish(url);
  });

  return {
    redirectUri: `http://${host}${o.path}`,
    response,
    closed,
    cancel: () => {
      finish(new CodedError('signInCancelled', 'the sign-in was cancelled'));
    },
  };
}
