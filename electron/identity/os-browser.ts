/**
 * Browser mode's way to the system browser for the sign-in (the Electron app uses `shell.openExternal`): the
 * platform's opener, given the URL as one argument (no shell). Requests to the provider use Node's fetch.
 */
import { execFile } from 'node:child_process';
import type { SignInBrowser } from '../main/desk-identity';

function opener(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

export const osBrowser: SignInBrowser = {
  openExternal: (url) =>
    new Promise((resolve, reject) => {
      const [command, args] = opener(url);
      execFile(command, args, (err) => {
        if (err) reject(new Error('the system browser could not be opened for the sign-in'));
        else resolve();
      });
    }),
};
