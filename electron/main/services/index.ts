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
import { PhoneService } from './phone';
import { PhoneAccountStore } from './phone-account-store';
import { RendererMediaPort } from './renderer-media-port';
import { SecretBox } from './secret-box';
import { MediaBridgeSessionDescriptionHandler } from '../../softphone/media-bridge-sdh';
import type { SipAccount } from '../../../shared/domain/phone';
import { screenPop } from './screen-pop';

export interface ServicesOptions {
  dataDir: string;
  transport: 'electron' | 'bridge';
  /** Electron passes a safeStorage-backed provider; browser/CLI mode uses a 0600 key file. */
  keyProvider?: KeyProvider;
  /** Synthetic patients seeded into a new demo store. */
  demoPatients?: number;
  /** A SIP account to configure at start (saved like one entered in the app). */
  sipAccount?: SipAccount;
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
  readonly phone: PhoneService;
  readonly media: RendererMediaPort;
  readonly phoneAccounts: PhoneAccountStore;
  phoneStatus(): PhoneStatus;
  close(): Promise<void>;
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
  const storeKey = keyProvider.readKey();
  if (!storeKey) throw new Error('the store key is missing after opening the store');
  const phoneAccounts = new PhoneAccountStore(options.dataDir, new SecretBox(storeKey));
  const media = new RendererMediaPort(bus);
  const phone = new PhoneService(
    bus,
    agent,
    (callId) => new MediaBridgeSessionDescriptionHandler(callId, media),
    (call) => bus.emit('call.screenPop', screenPop(cache, call, actor)),
  );
  if (options.sipAccount) phoneAccounts.save(options.sipAccount);
  const account = options.sipAccount ?? phoneAccounts.load();
  // With no account the phone says "not configured"; with one it starts registering in the background.
  if (account) void phone.configure(account);
  return {
    transport: options.transport,
    bus,
    settings,
    agent,
    cache,
    storeKind: 'demo',
    actor,
    phone,
    media,
    phoneAccounts,
    phoneStatus: () => phone.status(),
    close: async () => {
      await phone.stop();
      cache.close();
    },
  };
}
