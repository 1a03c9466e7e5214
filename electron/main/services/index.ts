/**
 * The main-process services, built once per process and shared by every transport
 * (Electron windows and WebSocket bridge clients see the same truth).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDemoStore, keyFileProvider, openCache, type KeyProvider, type PatientCache } from '../../cache';
import type { PhoneStatus } from '../../../shared/ipc/contract';
import { EventBus } from '../event-bus';
import { AgentStatusService } from './agent-status';
import { SettingsStore } from './settings';
import { PhoneService, type PhonePort } from './phone';
import { PhoneAccountStore } from './phone-account-store';
import { RendererMediaPort } from './renderer-media-port';
import { SecretBox } from './secret-box';
import { MediaBridgeSessionDescriptionHandler } from '../../softphone/media-bridge-sdh';
import type { SipAccount } from '../../../shared/domain/phone';
import { screenPop } from './screen-pop';
import { VerificationService } from './verification';
import { EscalationService, loadEscalationConfig } from './escalation';
import { loadPacks } from './guidance-packs';
import { TriggerPackSchema, type TriggerPack } from '../../../shared/guidance/coach';
import { PromptPackSchema, type PromptPack } from '../../../shared/guidance/prompts';
import type { LanguageCode } from '../../../shared/i18n/languages';
import { VerificationPolicySchema, type Role, type VerificationPolicy } from '../../../shared/verification/policy';
import { readJsonAsset } from './json-asset';
import { loadScenarios } from '../../practice/scenario-files';
import { SimulatedPhone } from '../../practice/simulated-phone';
import { PracticeService } from '../../practice/practice-service';

export interface ServicesOptions {
  dataDir: string;
  transport: 'electron' | 'bridge';
  /** Electron passes a safeStorage-backed provider; browser/CLI mode uses a 0600 key file. */
  keyProvider?: KeyProvider;
  /** Synthetic patients seeded into a new demo store. */
  demoPatients?: number;
  /** A SIP account to configure at start (saved like one entered in the app). */
  sipAccount?: SipAccount;
  /** The folder of data files (policies, prompt packs). Default: ./assets. */
  assetsDir?: string;
  /** The agent's role: what verification unlocks follows it (minimum necessary). */
  role?: Role;
  /**
   * Practice mode: the separate practice store (filled only from the scenarios' synthetic records,
   * the demo/real store is not opened), a simulated phone with no SIP user agent, simulated callers.
   */
  practice?: boolean;
}

export interface Services {
  readonly transport: 'electron' | 'bridge';
  readonly mode: 'live' | 'practice';
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  readonly agent: AgentStatusService;
  readonly cache: PatientCache;
  readonly storeKind: 'demo' | 'configured' | 'practice';
  /** Who is at this workstation: the actor written to the audit log. */
  readonly actor: string;
  readonly phone: PhonePort;
  /** Practice mode's sessions; null on a live desk. */
  readonly practice: PracticeService | null;
  readonly verification: VerificationService;
  readonly escalation: EscalationService;
  readonly triggerPacks: Map<LanguageCode, TriggerPack>;
  readonly promptPacks: Map<LanguageCode, PromptPack>;
  readonly media: RendererMediaPort;
  readonly phoneAccounts: PhoneAccountStore;
  phoneStatus(): PhoneStatus;
  close(): Promise<void>;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  if (options.practice) return createPracticeServices(options);
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
  const verification = new VerificationService(cache, loadPolicy(options.assetsDir ?? path.resolve('assets')), actor, options.role ?? 'frontDesk');
  const phone = new PhoneService(
    bus,
    agent,
    (callId) => new MediaBridgeSessionDescriptionHandler(callId, media),
    (call) => {
      verification.reset(); // a new caller proves who they are anew
      bus.emit('call.screenPop', screenPop(cache, call, actor));
    },
  );
  const assetsDir = options.assetsDir ?? path.resolve('assets');
  const escalation = new EscalationService(phone, loadEscalationConfig(assetsDir), actor);
  // When a call ends, the caller's verification ends with it.
  bus.subscribe((event, payload) => {
    if (event === 'call.updated' && (payload as { state: string }).state === 'ended') verification.reset();
  });
  if (options.sipAccount) phoneAccounts.save(options.sipAccount);
  const account = options.sipAccount ?? phoneAccounts.load();
  // With no account the phone says "not configured"; with one it starts registering in the background.
  if (account) void phone.configure(account);
  return {
    transport: options.transport,
    mode: 'live',
    practice: null,
    bus,
    settings,
    agent,
    cache,
    storeKind: 'demo',
    actor,
    phone,
    verification,
    escalation,
    triggerPacks: loadPacks(assetsDir, 'triggers', TriggerPackSchema),
    promptPacks: loadPacks(assetsDir, 'prompts', PromptPackSchema),
    media,
    phoneAccounts,
    phoneStatus: () => phone.status(),
    close: async () => {
      await phone.stop();
      cache.close();
    },
  };
}

/** The verification policy from its data file; a broken file stops start-up with the reason. */
function loadPolicy(assetsDir: string): VerificationPolicy {
  return readJsonAsset(path.join(assetsDir, 'policies', 'verification-default.json'), VerificationPolicySchema, 'The verification policy');
}

/**
 * Practice mode's services: the same verification, escalation and guidance over a separate encrypted
 * practice store holding only the scenarios' synthetic records, and a simulated phone.
 */
async function createPracticeServices(options: ServicesOptions): Promise<Services> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const assetsDir = options.assetsDir ?? path.resolve('assets');
  const scenarios = loadScenarios(assetsDir);
  const bus = new EventBus();
  const settings = new SettingsStore(options.dataDir);
  const agent = new AgentStatusService(bus);
  const keyProvider = keyFileProvider(path.join(options.dataDir, 'practice.key'));
  const cache = openCache({ path: path.join(options.dataDir, 'practice.db'), keyProvider });
  try {
    // Upserts: a scenario edited since the last run replaces its records.
    const report = cache.importGenerated(scenarios.flatMap((s) => s.resources), '(practice scenarios)');
    if (report.issues.length) throw new Error(`practice records were not imported: ${report.issues[0]!.reason}`);
  } catch (err) {
    cache.close();
    throw err;
  }
  const actor = `workstation-user/${os.userInfo().username} (practice)`;
  const storeKey = keyProvider.readKey();
  if (!storeKey) throw new Error('the practice store key is missing after opening the store');
  const verification = new VerificationService(cache, loadPolicy(assetsDir), actor, options.role ?? 'frontDesk');
  const phone = new SimulatedPhone(bus, agent, (call) => {
    verification.reset();
    bus.emit('call.screenPop', screenPop(cache, call, actor));
  });
  const escalation = new EscalationService(phone, loadEscalationConfig(assetsDir), actor);
  bus.subscribe((event, payload) => {
    if (event === 'call.updated' && (payload as { state: string }).state === 'ended') verification.reset();
  });
  const triggerPacks = loadPacks(assetsDir, 'triggers', TriggerPackSchema);
  const promptPacks = loadPacks(assetsDir, 'prompts', PromptPackSchema);
  const practice = new PracticeService({ scenarios, phone, cache, bus, triggerPacks, promptPacks });
  verification.onSettled((state) => practice.verificationSettled(state));
  escalation.onEscalated((e) => practice.escalated(e));
  return {
    transport: options.transport,
    mode: 'practice',
    practice,
    bus,
    settings,
    agent,
    cache,
    storeKind: 'practice',
    actor,
    phone,
    verification,
    escalation,
    triggerPacks,
    promptPacks,
    media: new RendererMediaPort(bus),
    phoneAccounts: new PhoneAccountStore(path.join(options.dataDir, 'practice-phone'), new SecretBox(storeKey)),
    phoneStatus: () => phone.status(),
    close: async () => {
      await phone.stop();
      cache.close();
    },
  };
}
