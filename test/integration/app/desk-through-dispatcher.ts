/**
 * A desk for one test file, reached as the page reaches it: its own data folder, the services started before the
 * file's tests and closed after them (the folder removed), and the dispatcher over the channels' handlers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services, type ServicesOptions } from '../../../electron/main/services';
import { ifSetUp } from '../../if-set-up';

export interface DeskThroughDispatcher {
  readonly dir: string;
  readonly services: Services;
  readonly dispatch: Dispatch;
}

/** `name` names the data folder; `options` are the desk's (the bridge transport by default); `started` sees it first. */
export function useDeskThroughDispatcher(
  name: string,
  options: Omit<ServicesOptions, 'dataDir' | 'transport'>,
  started?: (services: Services) => void,
): DeskThroughDispatcher {
  let desk: { dir: string; services: Services; dispatch: Dispatch } | undefined;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `carefront-${name}-`));
    const services = await createServices({ dataDir: dir, transport: 'bridge', ...options }).catch((err: unknown) => {
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    });
    started?.(services);
    desk = { dir, services, dispatch: createDispatch(buildHandlers(services)) };
  });
  afterAll(async () => {
    await ifSetUp(desk, async (d) => {
      await d.services.close();
      fs.rmSync(d.dir, { recursive: true, force: true });
    });
  });
  const current = () => {
    if (!desk) throw new Error('the desk is read before it started (outside a test)');
    return desk;
  };
  return {
    get dir() {
      return current().dir;
    },
    get services() {
      return current().services;
    },
    get dispatch() {
      return current().dispatch;
    },
  };
}
