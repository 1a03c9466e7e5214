/**
 * Browser mode: starts the main-process services and the WebSocket bridge, then prints the URL to
 * open. `npm start` builds the renderer and runs this. Flags: --port N, --data-dir DIR,
 * --demo-patients N, --practice (practice mode: simulated callers, the synthetic practice store, no
 * real calls), --role agent|teamLead, --team FILE (the team: leads and members), --not-ready-reasons FILE (the not-ready reasons and their limits), --desk-role
 * frontDesk|billing|nurse|supervisor (what verification unlocks at this desk; a supervisor's desk may
 * lift a failed verification, audited; default agent and frontDesk; refused when the site signs its users in
 * through its identity provider: the roles then come from the sign-in), --json (print one machine-readable line; used by the
 * end-to-end tests).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBridge } from './bridge';
import { createDispatch } from './dispatch';
import { buildHandlers } from './ipc';
import { createServices } from './services';
import { defaultDataDir } from './data-dir';
import { safeLog } from './safe-log';
import type { SignInBrowser } from './desk-identity';
import type { EventBus } from './event-bus';
import fs from 'node:fs';
import { SipAccountSchema, type SipAccount } from '../../shared/domain/phone';
import { APP_ROLES } from '../../shared/ipc/contract';
import { ROLES } from '../../shared/verification/policy';
import { must } from '../../shared/must';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5174' },
      'data-dir': { type: 'string' },
      'demo-patients': { type: 'string', default: '500' },
      json: { type: 'boolean', default: false },
      token: { type: 'string' },
      'sip-account': { type: 'string' },
      practice: { type: 'boolean', default: false },
      role: { type: 'string' },
      team: { type: 'string' },
      'not-ready-reasons': { type: 'string' },
      'desk-role': { type: 'string' },
    },
  });
  const port = Number(values.port);
  const demoPatients = Number(values['demo-patients']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
  if (!Number.isInteger(demoPatients) || demoPatients < 1 || demoPatients > 1_000_000) {
    throw new Error('--demo-patients must be 1..1000000');
  }
  if (values.practice && values['sip-account']) throw new Error('--practice places no real calls: it takes no --sip-account');
  const appRole = values.role === undefined ? undefined : APP_ROLES.find((r) => r === values.role);
  if (values.role !== undefined && !appRole) throw new Error(`--role must be one of ${APP_ROLES.join(', ')}`);
  const deskRole = values['desk-role'] === undefined ? undefined : ROLES.find((r) => r === values['desk-role']);
  if (values['desk-role'] !== undefined && !deskRole) throw new Error(`--desk-role must be one of ${ROLES.join(', ')}`);
  const sipAccount = values['sip-account'] ? readSipAccount(values['sip-account']) : undefined;
  // The sign-in's browser leg: the desk runs in the user's browser, so its page opens the provider's pages.
  let pageBus: EventBus | null = null;
  const pageBrowser: SignInBrowser = {
    openExternal: (url) => {
      if (!pageBus) return Promise.reject(new Error('the page is not connected yet'));
      pageBus.emit('identity.openBrowser', { url });
      return Promise.resolve();
    },
  };
  const services = await createServices({
    dataDir: values['data-dir'] ?? defaultDataDir(),
    transport: 'bridge',
    demoPatients,
    assetsDir: path.join(root, 'assets'),
    practice: values.practice,
    ...(appRole ? { appRole } : {}),
    ...(deskRole ? { role: deskRole } : {}),
    signInBrowser: pageBrowser,
    ...(values.team ? { teamFile: path.resolve(values.team) } : {}),
    ...(values['not-ready-reasons'] ? { notReadyFile: path.resolve(values['not-ready-reasons']) } : {}),
    ...(sipAccount ? { sipAccount } : {}),
  });
  pageBus = services.bus;
  const bridge = await startBridge({
    dispatch: createDispatch(buildHandlers(services)),
    bus: services.bus,
    staticDir: path.join(root, 'dist/renderer'),
    port,
    onDisconnect: (clientId) => {
      services.media.release(clientId);
    },
    ...(values.token ? { token: values.token } : {}),
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: bridge.url, port: bridge.port, token: bridge.token })}\n`);
  } else {
    safeLog.info('Carefront is running in browser mode (the Electron binary is not available on this machine).');
    if (values.practice) safeLog.info('PRACTICE MODE: simulated callers and synthetic patients only; no real calls are placed.');
    safeLog.info(`Open ${bridge.url}`);
    safeLog.info("The link carries this run's secret token; Ctrl+C stops the app.");
  }
  // A signal handler cannot wait for a promise: the stop is settled here, a failed close included.
  const stop = () => {
    bridge
      .close()
      .then(() => services.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          safeLog.error('the app did not close cleanly', err);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** A SIP account from a JSON file ({ uri, authUser, password, server, displayName? }), validated. */
function readSipAccount(file: string): SipAccount {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`--sip-account ${file} is not a readable JSON file`);
  }
  const parsed = SipAccountSchema.safeParse(raw);
  if (!parsed.success) {
    const i = must(parsed.error.issues[0], 'an issue of a failed parse');
    throw new Error(`--sip-account ${file}: ${i.path.join('.') || '(account)'}: ${i.message}`);
  }
  return parsed.data;
}

main().catch((err: unknown) => {
  // Startup errors are ours (bad flag, wrong key): their messages carry no PHI.
  console.error(`[carefront] could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
