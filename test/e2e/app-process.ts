// Starts Carefront in browser mode as a separate process (real services, fresh encrypted demo store).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { envWithProjectNode, projectNode, tsxCli } from '../../scripts/project-node.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AppProcess {
  url: string;
  port: number;
  dataDir: string;
  /** The app's process id (the benchmarks read its CPU and memory). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * `dataDir`: an existing data folder to use (and keep); by default a fresh one, removed at stop. `env`: added to the
 * app's environment (e.g. NODE_EXTRA_CA_CERTS, the certificate of a test identity provider).
 */
export async function startApp(extraArgs: string[] = [], demoPatients = 300, existingDataDir?: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const dataDir = existingDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-e2e-'));
  // On the project's Node 22 explicitly (tsx's own `#!/usr/bin/env node` would take the PATH's node).
  const child: ChildProcess = spawn(
    projectNode,
    [tsxCli, 'electron/main/bridge-entry.ts', '--port', '0', '--json', '--data-dir', dataDir, '--demo-patients', String(demoPatients), ...extraArgs],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...envWithProjectNode(), ...env } },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('the app did not start within 60 s'));
    }, 60_000);
    readline.createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code) => {
      reject(new Error(`the app exited with ${code}`));
    });
  });
  const { url, port } = JSON.parse(line) as { url: string; port: number };
  return {
    url,
    port,
    dataDir,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => {
            resolve();
          });
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        });
      }
      if (!existingDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
