/**
 * The main-process services, built once per process and shared by every transport
 * (Electron windows and WebSocket bridge clients see the same truth). Two desks share one workspace:
 * the live desk (the encrypted store, the SIP softphone, and the team: board, alerts, monitoring and
 * KPI notices) and the practice desk (a separate synthetic store, a simulated phone, scenarios).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  AuditRepository,
  ContactRecordRepository,
  ensureDemoStore,
  ImportRepository,
  keyFileProvider,
  openStore,
  OutboxJobRepository,
  PatientRepository,
  PracticeAttemptRepository,
  ServerCopyRepository,
  type KeyProvider,
  type Store,
} from '../../cache';
import type { AppRole, PhoneStatus } from '../../../shared/ipc/contract';
import type { CallView } from '../../../shared/domain/call';
import { TeamSchema, type Team, type Thresholds } from '../../../shared/team/team';
import type { BoardService } from './board';
import type { AlertService } from './alerts';
import type { MonitorService } from './monitor';
import type { ContactSharing } from './contact-sharing';
import { createTeamServices } from './team-lead';
import { LeadOutbox } from './lead-outbox';
import { storeOutbox } from './outbox-store';
import { EventBus } from '../event-bus';
import { DomainEventBus } from '../domain-events';
import { forwardToPage } from '../forward-to-page';
import { AgentStatusService } from './agent-status';
import { EhrLinkStatusService } from './ehr-link-status';
import { SettingsStore } from './settings';
import { PhoneService } from './phone';
import type { PhonePort } from '../../softphone/phone-port';
import { DeskPhoneAccounts, type PhoneAccounts } from './desk-phone-accounts';
import { HeldPops } from '../held-pops';
import { MyDayService } from './my-day';
import { phoneFollowsUser } from '../phone-follows-user';
import { RendererMediaPort } from './renderer-media-port';
import { SecretBox } from './secret-box';
import { MediaBridgeSessionDescriptionHandler } from '../../softphone/media-bridge-sdh';
import type { SipAccount } from '../../../shared/domain/phone';
import { screenPop } from './screen-pop';
import { safeLog } from '../safe-log';
import { VerificationService } from './verification';
import { EscalationService, loadEscalationConfig } from './escalation';
import { loadPacks } from './guidance-packs';
import { GuideService } from '../../guides/guide-service';
import { TriggerPackSchema, type TriggerPack } from '../../../shared/guidance/coach';
import { PromptPackSchema, type PromptPack } from '../../../shared/guidance/prompts';
import type { LanguageCode } from '../../../shared/i18n/languages';
import { VerificationPolicySchema, type Role, type VerificationPolicy } from '../../../shared/verification/policy';
import { readJsonAsset } from './json-asset';
import { loadScenarios } from '../../practice/scenario-files';
import { SimulatedPhone } from '../../practice/simulated-phone';
import { PracticeService } from '../../practice/practice-service';
import type { PracticeReport } from '../../../shared/practice/score';
import { openSiteEhr } from '../../ehr/site-connection';
import { startDeskWriteBack, type DeskWriteBack } from '../../ehr/write-back-service';
import { NO_WRITE_BACK } from '../../ehr/write-back';
import { startDeskEhrLink } from '../../ehr/desk-ehr-link';
import { teamDataReader } from '../../ehr/team-data-reader';
import { TeamDataService } from './team-data';
import { mayReachPage } from '../desk-access';
import { openDeskIdentity, workstationIdentity, workstationUser, type DeskIdentity, type SignInBrowser } from '../desk-identity';
import { HandoffService, outboxDelivery } from './handoff';
import { handoffRecords } from '../../ehr/handoff-mapping';
import { deskWorklist } from '../../worklist/desk-worklist';
import type { WorklistService } from '../../worklist/worklist-service';
import { SchedulingService } from './scheduling';
import { deskScheduleBook } from '../../scheduling/desk-schedule-book';
import { must } from '../../../shared/must';
import { NotReadyCatalog, NotReadyReasonsFileSchema } from '../../../shared/domain/not-ready';
import type { NotReadyTimesService } from './not-ready-times';
import { CareService } from './care';
import { KnowledgeService } from '../../knowledge/knowledge-service';
import { startRefusal } from '../start-refusals';

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
  /** Agent (default) or team lead: a lead's desktop also runs the board, alerts and monitoring. */
  appRole?: AppRole;
  /** The team file (leads and members). Default: <assets>/team/team.json. */
  teamFile?: string;
  /**
   * How a site's sign-in opens the system browser and reaches its identity provider. With identity settings
   * stored, the roles come from the sign-in only: `appRole` and `role` are then refused.
   */
  signInBrowser?: SignInBrowser;
  /** The not-ready reasons and their limits. Default: <assets>/not-ready/reasons.json. */
  notReadyFile?: string;
}

/** The team around a live desk: the board and alerts (a lead's), monitoring, and KPI notices. */
export interface Teamwork {
  readonly team: Team;
  readonly thresholds: Thresholds;
  /** The team board and alerts: subscribed and running only on a team lead's desktop. */
  readonly board: BoardService;
  readonly alerts: AlertService;
  /** Time in each not-ready reason per agent and for the team (a lead's board). */
  readonly notReadyTimes: NotReadyTimesService;
  /** Care for the agent: the reset offered after a hard call, and the leads told. */
  readonly care: CareService;
  readonly monitor: MonitorService;
  readonly contacts: ContactSharing;
  /** This desktop's SIP user ('' while no account is configured). */
  readonly sipUser: () => string;
  /** The inbound call whose after-call work is being done: the last answered contact that ended (null before any). */
  readonly wrappingUp: () => string | null;
}

export interface Services {
  readonly transport: 'electron' | 'bridge';
  readonly mode: 'live' | 'practice';
  /** This desk's role now (a team lead's desk runs the board): from the session when the site signs its users in. */
  readonly appRole: AppRole;
  /** Who is at the desk: the site's sign-in, or (without an identity provider) the workstation's user and start-up roles. */
  readonly identity: DeskIdentity;
  /** What happened on this desk, for the services (and, through forward-to-page, the page). */
  readonly events: DomainEventBus;
  /** The page's events: what the transports push to the windows. */
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  readonly agent: AgentStatusService;
  /** The encrypted store (closed with the services) and the repositories the handlers use. */
  readonly store: Store;
  readonly patients: PatientRepository;
  readonly audit: AuditRepository;
  readonly imports: ImportRepository;
  readonly contactRecords: ContactRecordRepository;
  /** The EHR link's state as the page sees it (notConfigured until a FHIR server is set up; practice never has one). */
  readonly ehrLink: EhrLinkStatusService;
  readonly storeKind: 'demo' | 'configured' | 'practice';
  /** Who is at this desk now: the actor written to the audit log. */
  readonly actor: string;
  readonly phone: PhonePort;
  /** Practice mode's sessions; null on a live desk. */
  readonly practice: PracticeService | null;
  /** The team (live desk only; practice has no team, no SIP, no lead). */
  readonly teamwork: Teamwork | null;
  readonly verification: VerificationService;
  readonly escalation: EscalationService;
  readonly triggerPacks: Map<LanguageCode, TriggerPack>;
  readonly promptPacks: Map<LanguageCode, PromptPack>;
  /** The step-by-step call guides (assets/guides), checked at start-up. */
  readonly guides: GuideService;
  readonly media: RendererMediaPort;
  /** Whose SIP account the phone uses: the signed-in user's own (or the desk's, at a site without sign-in). */
  readonly phoneAccounts: PhoneAccounts;
  /** The agent's own figures for today (calls, handle time, after-call work, time in each state). */
  readonly myDay: MyDayService;
  /** The page of the user who just signed in is ready: calls that rang while the desk was locked are popped now. */
  resumeHeldPops(): number;
  /**
   * The desk's writes to the site's FHIR server (wrap-ups, contact figures, practice attempts) through the outbox,
   * and the worker that delivers them (its status: "N changes waiting to be sent"). With no FHIR connection
   * configured: no write-back and no worker.
   */
  readonly ehr: DeskWriteBack;
  /** Where a lead's team figures are read from: the site's FHIR server when it has one (else, or while it fails, the local store). */
  readonly teamData: TeamDataService;
  /** The team's shared worklist on the site's FHIR server (callbacks, billing disputes, referral follow-ups); not configured without one. */
  readonly worklist: WorklistService;
  /** Scheduling for the verified caller on the site's FHIR server (practice, or a desk without one: refused, not configured). */
  readonly scheduling: SchedulingService;
  /** The knowledge base's articles, indexed in the desk's store: searched, suggested from the call's context, read aloud. */
  readonly knowledge: KnowledgeService;
  phoneStatus(): PhoneStatus;
  close(): Promise<void>;
}

/** What both desks share: the data files, the events, the agent's status, settings and the EHR link's state. */
interface Base {
  assetsDir: string;
  events: DomainEventBus;
  bus: EventBus;
  settings: SettingsStore;
  agent: AgentStatusService;
  ehrLink: EhrLinkStatusService;
}

/** The repositories both desks use over their store. */
function repositories(store: Store) {
  return {
    store,
    patients: new PatientRepository(store),
    audit: new AuditRepository(store),
    imports: new ImportRepository(store),
    contactRecords: new ContactRecordRepository(store),
  };
}
type Repositories = ReturnType<typeof repositories>;

/** The identity check and the guidance over a store, and the screen pop for each new caller. */
function workspace(base: Base, repos: Repositories, identity: DeskIdentity) {
  const { events } = base;
  // The pop's lookup indexes are read into the page cache in the background (slices that yield to
  // the event loop), as the cache benchmark does before it measures: a pop never decrypts them cold.
  repos.patients.warmUp().catch((err: unknown) => {
    safeLog.warn('warming up the lookup indexes failed', err);
  });
  const verification = new VerificationService(
    repos.patients,
    repos.audit,
    loadPolicy(base.assetsDir),
    () => identity.actor(),
    () => identity.verificationRole(),
    (update) => {
      events.emit('verification.changed', update);
    },
  );
  // Verification belongs to the caller's call: only that call's own changes move it (other legs never
  // do), and the call's work is over when the agent is available again.
  events.on('call.changed', (call) => {
    verification.callUpdated(call);
  });
  events.on('agent.stateChanged', (status) => {
    if (status.state === 'available') verification.workDone();
  });
  // What a user's checks unlocked is theirs: when someone else (or nobody) is at the desk, it is dropped.
  let atDesk = identity.actor();
  identity.onChange(() => {
    const now = identity.actor();
    if (now === atDesk) return;
    atDesk = now;
    verification.deskUserChanged();
  });
  return {
    guidance: {
      verification,
      triggerPacks: loadPacks(base.assetsDir, 'triggers', TriggerPackSchema),
      promptPacks: loadPacks(base.assetsDir, 'prompts', PromptPackSchema),
      guides: GuideService.fromAssets(base.assetsDir),
    },
    knowledge: new KnowledgeService(repos.store, base.assetsDir),
    /** A caller's call rings in: they prove who they are on it, and the store is searched for them. */
    pop: (call: CallView) => {
      verification.callRang(call);
      events.emit('call.popped', screenPop(repos.patients, call, identity.actor()));
    },
  };
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const events = new DomainEventBus();
  const assetsDir = options.assetsDir ?? path.resolve('assets');
  const base: Base = {
    assetsDir,
    events,
    bus: new EventBus(),
    settings: new SettingsStore(options.dataDir),
    agent: new AgentStatusService(events, loadNotReadyReasons(options.notReadyFile ?? path.join(assetsDir, 'not-ready', 'reasons.json'))),
    // No FHIR server is configured yet: the link says so until the sync engine is given one.
    ehrLink: new EhrLinkStatusService(events),
  };
  return options.practice ? createPracticeDesk(options, base) : createLiveDesk(options, base);
}

async function createLiveDesk(options: ServicesOptions, base: Base): Promise<Services> {
  const { assetsDir, events, bus, settings, agent, ehrLink } = base;
  const keyProvider = options.keyProvider ?? keyFileProvider(path.join(options.dataDir, 'demo.key'));
  const store = await ensureDemoStore({
    dbPath: path.join(options.dataDir, 'demo.db'),
    keyProvider,
    patients: options.demoPatients ?? 500,
  });
  const storeKey = keyProvider.readKey();
  if (!storeKey) throw new Error('the store key is missing after opening the store');
  let identity: DeskIdentity;
  try {
    identity = deskIdentity(options, events, storeKey, workstationUser());
  } catch (err) {
    store.close();
    throw err;
  }
  const actor = () => identity.actor();
  // A desk that locked itself is not ready for calls: the agent goes on a break (the phone stays registered).
  identity.onChange((status) => {
    if (status.locked && agent.get().state === 'available') agent.set('break', 'break');
  });
  const site = openSiteEhr(options.dataDir, storeKey);
  const refusal = startRefusal({ signsUsersIn: identity.configured, startUpSipAccount: Boolean(options.sipAccount), ehr: site.link?.connection ?? null });
  if (refusal) {
    identity.dispose();
    store.close();
    throw new Error(refusal);
  }
  const phoneAccounts = new DeskPhoneAccounts(options.dataDir, new SecretBox(storeKey), identity);
  const media = new RendererMediaPort(bus);
  const repos = repositories(store);
  const outboxJobs = new OutboxJobRepository(store);
  const ehr = deskWriteBack(events, store, outboxJobs, site.link);
  const teamData = new TeamDataService(teamDataReader(site.link));
  // The site's FHIR server, when set: the first load, then the sync (subscription, else polling); the link's status follows.
  const sync = startDeskEhrLink({
    store,
    link: site.link,
    status: ehrLink,
    worker: ehr.worker,
    onPatientsChanged: (patientIds) => {
      events.emit('patient.changed', { patientIds, source: 'sync' });
    },
  });
  const ws = workspace(base, repos, identity);
  // Subscribed before the phone exists: it hears every screen pop and every call's end.
  const worklist = deskWorklist({
    link: site.link,
    user: identity.userAccess(),
    writeBack: ehr.writeBack,
    audit: repos.audit,
    patients: repos.patients,
    verification: ws.guidance.verification,
    actor,
    events,
    assetsDir,
  });
  const scheduling = new SchedulingService({
    book: deskScheduleBook({
      link: site.link,
      user: identity.userAccess(),
      copy: () => new ServerCopyRepository(store),
      onPatientsChanged: (patientIds) => {
        events.emit('patient.changed', { patientIds, source: 'write-back' });
      },
    }),
    verification: ws.guidance.verification,
    audit: repos.audit,
    actor,
  });
  // A call that rings while the desk is locked is popped only once its user has signed in again.
  const heldPops = new HeldPops(identity, ws.pop);
  events.on('call.changed', (call) => {
    heldPops.changed(call);
  });
  const phone = new PhoneService(
    events,
    agent,
    (callId) => new MediaBridgeSessionDescriptionHandler(callId, media),
    (call) => {
      heldPops.rang(call);
    },
  );
  // The page hears of a change after verification and the phone have (as the page always has), and
  // before the team's services act on a call's end.
  forwardToPage(events, bus, (name) => mayReachPage(identity, name));
  const team = loadTeam(options.teamFile ?? path.join(assetsDir, 'team', 'team.json'));
  // What the agent's desktop tells the leads waits here while a lead's desktop (or this phone) is away.
  const outbox = new LeadOutbox(
    (lead, body) => (phone.status().registration === 'registered' ? phone.notify(lead, body) : Promise.reject(new Error('the phone is not registered'))),
    storeOutbox(outboxJobs),
  );
  // Context that travels with the call: hand-off records on the site's FHIR server, matched to the calls that carry them.
  const handoffs = new HandoffService({
    verification: ws.guidance.verification,
    patients: repos.patients,
    audit: repos.audit,
    writeBack: ehr.writeBack,
    delivered: outboxDelivery(
      (clientId) => outboxJobs.byClientId(clientId),
      (listener) => ehr.worker?.onStatus(listener) ?? (() => undefined),
    ),
    records: handoffRecords(site.link),
    sipUser: () => teamwork.sipUser(),
    actor,
    agentName: () => phone.state().account?.displayName ?? '',
    policy: loadPolicy(assetsDir).handoff,
    tell: (view) => {
      events.emit('handoff.received', view);
    },
  });
  phone.onHandoff((callId, handoffId, sender) => {
    handoffs.received(callId, handoffId, sender).catch((err: unknown) => {
      safeLog.warn('a hand-off could not be matched', err);
    });
  });
  const escalation = new EscalationService(
    phone,
    loadEscalationConfig(assetsDir),
    actor,
    (body) => outbox.post(team.leads, body),
    (l) => phone.onConferenceFailed(l),
    (request) => handoffs.send(request),
  );
  escalation.onProgress((p) => {
    events.emit('escalation.progressed', p);
  });
  // The page says a call's media failed: a conference on it is undone (monitoring sessions: the monitor service).
  media.onFailure((callId) => void phone.conferenceMediaFailed(callId));
  const teamwork: Teamwork = {
    team,
    ...createTeamServices({
      events,
      phone,
      audit: repos.audit,
      contactRecords: repos.contactRecords,
      actor,
      team,
      appRole: () => identity.appRole(),
      // A desk whose users sign in may be a lead's: its board waits for one (the channels answer only a lead's session).
      runsBoard: identity.configured || identity.appRole() === 'teamLead',
      assetsDir,
      notReady: agent.reasons,
      outbox,
      writeBack: ehr.writeBack,
      teamDataOnServer: teamData.onServer,
    }),
    // After a hard call (crisis or privacy escalation, abusive caller): a short reset offered, the leads told.
    care: new CareService(
      agent.reasons,
      (body) => outbox.post(team.leads, body),
      () => teamwork.sipUser(),
      (offer) => {
        events.emit('care.resetOffered', offer);
      },
    ),
  };
  escalation.onProgress((p) => {
    teamwork.care.escalationProgressed(p);
  });
  media.onFailure((callId) => {
    teamwork.monitor.mediaFailed(callId);
  });
  // The agent's side of the board: the current caller's verification status goes into its presence.
  ws.guidance.verification.onStatus((v) => {
    phone.setPresenceExtras({ verification: v });
  });
  if (options.sipAccount) phoneAccounts.save(options.sipAccount);
  phoneFollowsUser(identity, phone, phoneAccounts);
  return {
    transport: options.transport,
    mode: 'live',
    get appRole() {
      return identity.appRole();
    },
    identity,
    practice: null,
    teamwork,
    events,
    bus,
    settings,
    agent,
    ...repos,
    ehrLink,
    // Connected to the site's FHIR server, the store is the server's local copy: no longer called a demo.
    storeKind: site.link ? 'configured' : 'demo',
    get actor() {
      return identity.actor();
    },
    phone,
    ...ws.guidance,
    knowledge: ws.knowledge,
    escalation,
    media,
    phoneAccounts,
    resumeHeldPops: () => heldPops.resume(),
    myDay: new MyDayService(events, agent.get(), repos.contactRecords, actor),
    ehr,
    teamData,
    worklist,
    scheduling,
    phoneStatus: () => phone.status(),
    close: async () => {
      identity.dispose();
      ehrLink.stop();
      outbox.stop();
      teamwork.alerts.stop();
      await teamwork.board.close();
      await phone.stop();
      await sync.stop();
      await ehr.stop();
      // The knowledge index may still be building (it starts after start-up): the store closes after it.
      await ws.knowledge.ready.catch(() => undefined);
      store.close();
    },
  };
}

/**
 * Practice mode's services: the same verification, escalation and guidance over a separate encrypted
 * practice store holding only the scenarios' synthetic records, and a simulated phone.
 */
function createPracticeDesk(options: ServicesOptions, base: Base): Services {
  const { assetsDir, events, bus, settings, agent, ehrLink } = base;
  const scenarios = loadScenarios(assetsDir);
  const keyProvider = keyFileProvider(path.join(options.dataDir, 'practice.key'));
  const store = openStore({ path: path.join(options.dataDir, 'practice.db'), keyProvider });
  const repos = repositories(store);
  try {
    // Upserts: a scenario edited since the last run replaces its records.
    const report = repos.imports.importGenerated(
      scenarios.flatMap((s) => s.resources),
      '(practice scenarios)',
    );
    if (report.issues.length) throw new Error(`practice records were not imported: ${must(report.issues[0], 'the first issue').reason}`);
  } catch (err) {
    store.close();
    throw err;
  }
  const storeKey = keyProvider.readKey();
  if (!storeKey) throw new Error('the practice store key is missing after opening the store');
  // The site's identity provider settings (like its FHIR connection) are sealed under the live store's key.
  const liveKey = (options.keyProvider ?? keyFileProvider(path.join(options.dataDir, 'demo.key'))).readKey();
  const identity = deskIdentity(options, base.events, liveKey, `${workstationUser()} (practice)`);
  const actor = () => identity.actor();
  const ws = workspace(base, repos, identity);
  const phone = new SimulatedPhone(events, agent, ws.pop);
  forwardToPage(events, bus, (name) => mayReachPage(identity, name));
  // Practice attempts go to the site's FHIR server too, when it has one (its connection is sealed under the live store's key).
  const siteLink = liveKey ? openSiteEhr(options.dataDir, liveKey).link : null;
  const ehr = deskWriteBack(events, store, new OutboxJobRepository(store), siteLink);
  // Escalations go to simulated colleagues; there is no team lead to notify in practice.
  const escalation = new EscalationService(phone, loadEscalationConfig(assetsDir), actor, () => Promise.resolve());
  escalation.onProgress((p) => {
    events.emit('escalation.progressed', p);
  });
  const practice = new PracticeService({
    scenarios,
    phone,
    attempts: new PracticeAttemptRepository<PracticeReport>(store),
    events,
    triggerPacks: ws.guidance.triggerPacks,
    promptPacks: ws.guidance.promptPacks,
    writeBack: ehr.writeBack,
  });
  ws.guidance.verification.onSettled((state) => {
    practice.verificationSettled(state);
  });
  // Red flags raised or cleared on the practice call's checklist are scored (the rubric's redFlags items).
  ws.guidance.verification.onRedFlags((state) => {
    practice.redFlagsChanged(state);
  });
  escalation.onEscalated((e) => {
    practice.escalated(e);
  });
  return {
    transport: options.transport,
    mode: 'practice',
    // A team lead in practice mode reviews every trainee's history; trainees see their own.
    get appRole() {
      return identity.appRole();
    },
    identity,
    practice,
    teamwork: null,
    events,
    bus,
    settings,
    agent,
    ...repos,
    ehrLink,
    storeKind: 'practice',
    get actor() {
      return identity.actor();
    },
    phone,
    ...ws.guidance,
    knowledge: ws.knowledge,
    escalation,
    media: new RendererMediaPort(bus),
    phoneAccounts: new DeskPhoneAccounts(path.join(options.dataDir, 'practice-phone'), new SecretBox(storeKey), { configured: false, userKey: () => null }),
    // The trainee is signed in before a simulated caller rings: nothing is ever held.
    resumeHeldPops: () => 0,
    myDay: new MyDayService(events, agent.get(), repos.contactRecords, actor),
    ehr,
    // A lead reviews every trainee's attempts from the site's FHIR server, when it has one.
    teamData: new TeamDataService(teamDataReader(siteLink)),
    // Practice callers are synthetic: nothing of theirs goes to the team's worklist.
    worklist: deskWorklist({
      link: null,
      user: null,
      writeBack: NO_WRITE_BACK,
      audit: repos.audit,
      patients: repos.patients,
      verification: ws.guidance.verification,
      actor,
      events,
      assetsDir,
    }),
    // Practice calls are simulated: nothing is booked on the site's schedule.
    scheduling: new SchedulingService({ book: null, verification: ws.guidance.verification, audit: repos.audit, actor }),
    phoneStatus: () => phone.status(),
    close: async () => {
      identity.dispose();
      ehrLink.stop();
      await phone.stop();
      await ehr.stop();
      // The knowledge index may still be building (it starts after start-up): the store closes after it.
      await ws.knowledge.ready.catch(() => undefined);
      store.close();
    },
  };
}

/** The desk's write-back over its store: to the site's FHIR server when it has one (a refusal is told as a domain event; the audit trail goes too), else none. */
function deskWriteBack(events: DomainEventBus, store: Store, jobs: OutboxJobRepository, link: ReturnType<typeof openSiteEhr>['link']): DeskWriteBack {
  const audit = new AuditRepository(store);
  return startDeskWriteBack({
    jobs,
    link,
    serverCopy: () => new ServerCopyRepository(store),
    onFailure: (f) => {
      events.emit('ehr.writeFailed', f);
    },
    onPatientsChanged: (patientIds) => {
      events.emit('patient.changed', { patientIds, source: 'write-back' });
    },
    // The audit trail leaves the machine through the same outbox; the server's copy anchors the local chain.
    audit: { repo: audit, chainId: store.auditChainId },
    dismissals: audit,
  });
}

/**
 * Who is at the desk: the site's sign-in when it has an identity provider (its settings are sealed under the live
 * store's key: none without one), else the workstation's user with the start-up roles. Its changes reach the page.
 */
function deskIdentity(options: ServicesOptions, events: DomainEventBus, storeKey: Buffer | null, workstation: string): DeskIdentity {
  const identity = storeKey
    ? openDeskIdentity(options.dataDir, storeKey, {
        workstation,
        ...(options.signInBrowser ? { browser: options.signInBrowser } : {}),
        ...(options.appRole ? { appRole: options.appRole } : {}),
        ...(options.role ? { role: options.role } : {}),
      })
    : workstationIdentity(workstation, options.appRole ?? 'agent', options.role ?? 'frontDesk');
  identity.onChange((status) => {
    events.emit('identity.changed', status);
  });
  return identity;
}

/** The verification policy from its data file; a broken file stops start-up with the reason. */
function loadPolicy(assetsDir: string): VerificationPolicy {
  return readJsonAsset(path.join(assetsDir, 'policies', 'verification-default.json'), VerificationPolicySchema, 'The verification policy');
}

/** The not-ready reasons from their data file; a broken file stops start-up with the reason. */
function loadNotReadyReasons(file: string): NotReadyCatalog {
  return new NotReadyCatalog(readJsonAsset(file, NotReadyReasonsFileSchema, 'The not-ready reasons').reasons);
}

/** The team (leads, members) from its data file; a broken file stops start-up with the reason. */
export function loadTeam(file: string): Team {
  return readJsonAsset(file, TeamSchema, 'The team file');
}
