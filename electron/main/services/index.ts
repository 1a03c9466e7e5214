/**
 * The main-process services, built once per process and shared by every transport
 * (Electron windows and WebSocket bridge clients see the same truth).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDemoStore, keyFileProvider, type KeyProvider, type PatientCache } from '../../cache';
import type { AppRole, PhoneStatus } from '../../../shared/ipc/contract';
import { TeamSchema, type Team, type Thresholds } from '../../../shared/team/team';
import type { BoardService } from './board';
import type { AlertService } from './alerts';
import type { MonitorService } from './monitor';
import type { ContactSharing } from './contact-sharing';
import { createTeamServices } from './team-lead';
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
import { VerificationService } from './verification';
import { EscalationService, loadEscalationConfig } from './escalation';
import { loadPacks } from './guidance-packs';
import { TriggerPackSchema, type TriggerPack } from '../../../shared/guidance/coach';
import { PromptPackSchema, type PromptPack } from '../../../shared/guidance/prompts';
import type { LanguageCode } from '../../../shared/i18n/languages';
import { VerificationPolicySchema, type Role, type VerificationPolicy } from '../../../shared/verification/policy';
import { readJsonAsset } from './json-asset';

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
  /** Agent (default) or team lead: a lead's desktop also runs the board, alerts and monitoring. */
  appRole?: AppRole;
  /** The team file (leads and members). Default: <assets>/team/team.json. */
  teamFile?: string;
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
  readonly verification: VerificationService;
  readonly escalation: EscalationService;
  readonly triggerPacks: Map<LanguageCode, TriggerPack>;
  readonly promptPacks: Map<LanguageCode, PromptPack>;
  readonly media: RendererMediaPort;
  readonly phoneAccounts: PhoneAccountStore;
  readonly appRole: AppRole;
  readonly team: Team;
  readonly thresholds: Thresholds;
  /** The team board and alerts: subscribed and running only on a team lead's desktop. */
  readonly board: BoardService;
  readonly alerts: AlertService;
  readonly monitor: MonitorService;
  readonly contacts: ContactSharing;
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
  const team = loadTeam(options.teamFile ?? path.join(assetsDir, 'team', 'team.json'));
  const escalation = new EscalationService(phone, loadEscalationConfig(assetsDir), actor, team.leads);
  // When a call ends, the caller's verification ends with it.
  bus.subscribe((event, payload) => {
    if (event === 'call.updated' && (payload as { state: string }).state === 'ended') verification.reset();
  });
  // Team-lead mode (board, alerts, monitoring, contact figures for the KPIs) and the agent's side of it.
  const appRole = options.appRole ?? 'agent';
  const { thresholds, board, alerts, monitor, contacts } = createTeamServices({ bus, phone, cache, actor, team, appRole, assetsDir });
  // The agent's side of the board: the current caller's verification status goes into its presence.
  verification.onStatus((v) => phone.setPresenceExtras({ verification: v }));
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
    verification,
    escalation,
    triggerPacks: loadPacks(assetsDir, 'triggers', TriggerPackSchema),
    promptPacks: loadPacks(assetsDir, 'prompts', PromptPackSchema),
    media,
    phoneAccounts,
    appRole,
    team,
    thresholds,
    board,
    alerts,
    monitor,
    contacts,
    phoneStatus: () => phone.status(),
    close: async () => {
      alerts.stop();
      await board.close();
      await phone.stop();
      cache.close();
    },
  };
}

/** The verification policy from its data file; a broken file stops start-up with the reason. */
function loadPolicy(assetsDir: string): VerificationPolicy {
  return readJsonAsset(path.join(assetsDir, 'policies', 'verification-default.json'), VerificationPolicySchema, 'The verification policy');
}

/** The team (leads, members) from its data file; a broken file stops start-up with the reason. */
export function loadTeam(file: string): Team {
  return readJsonAsset(file, TeamSchema, 'The team file');
}
