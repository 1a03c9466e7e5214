/**
 * Electron entry. Single instance, hardened window, handlers registered from the contract only,
 * events pushed to every window. The store key comes from the OS keychain through safeStorage.
 */
import { app, BrowserWindow, ipcMain, safeStorage } from 'electron';
import path from 'node:path';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc/contract';
import { createDispatch } from './dispatch';
import { buildHandlers } from './ipc';
import { createServices, type Services } from './services';
import { hardenAllWebContents, isAppUrl, restrictPermissions } from './hardening';
import { registerAppSchemeAsPrivileged, serveRenderer } from './app-protocol';
import { createWorkspaceWindow } from './window';
import { sealedKeyFileProvider } from '../cache';
import { safeLog } from './safe-log';
import { systemBrowser } from '../identity/system-browser';

// Bundled to dist/electron/main.cjs; the preload and the renderer sit beside it.
const distDir = path.resolve(__dirname, '..');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppSchemeAsPrivileged();
  hardenAllWebContents();
  let services: Services | null = null;

  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app
    .whenReady()
    .then(async () => {
      restrictPermissions();
      serveRenderer(path.join(distDir, 'renderer'));
      const dataDir = app.getPath('userData');
      services = await createServices({
        dataDir,
        transport: 'electron',
        assetsDir: path.join(distDir, '..', 'assets'),
        // `carefront --practice`: simulated callers, the synthetic practice store, no real calls.
        practice: process.argv.includes('--practice'),
        // The store key, sealed by the OS keychain (DPAPI / Keychain / libsecret) through safeStorage.
        keyProvider: sealedKeyFileProvider(path.join(dataDir, 'store.key.sealed'), safeStorage),
        // The site's sign-in (when it has an identity provider): the system browser, Chromium's network.
        signInBrowser: systemBrowser,
      });
      const live = services;
      const dispatch = createDispatch(buildHandlers(live));
      ipcMain.handle(IPC_INVOKE, (event, channel: unknown, args: unknown) => {
        // Only our own page may call in: not a navigated-away frame, not a subframe.
        const frameUrl = event.senderFrame?.url ?? '';
        if (!isAppUrl(frameUrl) || event.senderFrame !== event.sender.mainFrame) {
          return { ok: false, error: { code: 'forbidden', message: 'Caller is not the Carefront page' } };
        }
        return dispatch(channel, args, { clientId: windowClientId(event.sender.id) });
      });
      // Each window subscribes under its own id, so events meant for one window (media) reach only it.
      app.on('web-contents-created', (_e, contents) => {
        const clientId = windowClientId(contents.id);
        const unsubscribe = live.bus.subscribe((name, payload) => {
          if (!contents.isDestroyed()) contents.send(IPC_EVENT, name, payload);
        }, clientId);
        contents.once('destroyed', () => {
          unsubscribe();
          live.media.release(clientId);
        });
      });
      createWorkspaceWindow(path.join(distDir, 'preload/preload.cjs'));
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWorkspaceWindow(path.join(distDir, 'preload/preload.cjs'));
      });
    })
    .catch((err: unknown) => {
      safeLog.error('startup failed', err);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void services?.close());
}

const windowClientId = (webContentsId: number): string => `window-${webContentsId}`;
