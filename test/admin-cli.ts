/**
 * `carefront-admin` as a site administrator runs it, for the tests: the launcher, and a run in a child process that
 * does not block this one (the servers the command talks to may run in this process).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADMIN_LAUNCHER = path.join(fileURLToPath(new URL('../', import.meta.url)), 'bin/carefront-admin.mjs');

export interface AdminRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the command with `args` in `cwd` (extra environment in `env`), killed after `timeoutMs`. */
export function runAdmin(args: readonly string[], o: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<AdminRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [ADMIN_LAUNCHER, ...args],
      { cwd: o.cwd, timeout: o.timeoutMs ?? 30_000, ...(o.env ? { env: { ...process.env, ...o.env } } : {}) },
      (err, stdout, stderr) => {
        resolve({ status: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
