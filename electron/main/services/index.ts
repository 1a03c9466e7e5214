/**
 * The main-process services, built once per process and shared by every transport
 * (Electron windows and WebSocket bridge clients see the same truth).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDemoStore, keyFileProvider, type KeyProvider, type PatientCache } from '../../cache';
import type { PhoneStatus } from '../../../shared/ipc/contract';
import { EventBus } from '../event-bus';
import { AgentStatusService } from './agent-status';
import { SettingsStore } from './settings';

export interface ServicesOptions {
  dataDir: string;
  transport: 'electron' | 'bridge';
  /** Electron passes a safeStorage-backed provider; browser/CLI mode uses a 0600 key file. */
  keyProvider?: KeyProvider;
  /** Synthetic patients seeded into a new demo store. */
  demoPatients?: number;
}

export interface Services {
  readonly transport: 'electron' | 'bridge';
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  readonly agent: AgentStatusService;
  readonly cache: PatientCache;
  readonly storeKind: 'demo' | 'configured';
  /** Who is at this workstation: the actor written to the audit log. */
  readonly actor: string;
  phoneStatus(): PhoneStatus;
  close(): void;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const bus = new EventBus();
  const settings = new SettingsStore(options.dataDir);
  const agent = new AgentStatusService(bus);
  const keyProvider = options.keyProvider ?? keyFileProvider(path.join(options.dataDir, 'demo.key'));
  const cache = await ensureDemoStore({
    dbPath: path.join(options.dataDir, 'demo.db'),
    keyProvider,
    patients: options.demoPatients ?? 500,
  });
  const actor = `workstation-user/${os.userInfo().username}`;
  return {
    transport: options.transport,
    bus,
    settings,
    agent,
    cache,
    storeKind: 'demo',
    actor,
    // No SIP account is configured until the softphone settings land: say so plainly.
    phoneStatus: () => ({ registration: 'offline', reason: 'notConfigured' }),
    close: () => cache.close(),
  };
}
