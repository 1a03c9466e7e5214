/**
 * What the desk's sign-in uses in the app: the system browser for the provider's pages (RFC 8252: never an
 * embedded web view, where the app could read the user's password), and Chromium's network stack for the
 * requests to the provider, so the system's proxy settings and certificate store apply as in the browser.
 */
import { net, shell } from 'electron';
import type { DeskSignInOptions } from './desk-sign-in';

export const systemBrowser: Pick<DeskSignInOptions, 'openExternal' | 'fetch'> = {
  openExternal: (url) => shell.openExternal(url),
  fetch: (url, options) => net.fetch(url, options),
};
