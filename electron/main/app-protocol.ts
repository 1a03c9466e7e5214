/**
 * Serves the built renderer under app://carefront with the strict CSP as a real response header
 * (file:// pages cannot carry headers, and a custom scheme keeps the origin stable).
 */
import { protocol } from 'electron';
import { contentSecurityPolicy, SECURITY_HEADERS } from './csp';
import { readStatic } from './static-files';

export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(staticDir: string): void {
  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    const file = url.host === 'carefront' ? readStatic(staticDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'Content-Type': file.type, 'Content-Security-Policy': contentSecurityPolicy(), ...SECURITY_HEADERS },
    });
  });
}
