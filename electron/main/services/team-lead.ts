/**
 * Team-lead mode's services and the agent's side of them, wired once per process: the board and the
 * alerts (subscribed and running only on a lead's desktop), monitoring (started by a lead, accepted by
 * an agent's desktop only from the team's leads; audited on both), and the contact figures every
 * desktop records for the team KPIs (on the site's FHIR server when it has one, else sent to the leads by SIP).
 */
import path from 'node:path';
import { ThresholdsSchema, type Team, type Thresholds } from '../../../shared/team/team';
import type { AppRole } from '../../../shared/ipc/contract';
import type { AuditRepository } from '../../cache/repositories/audit';
import type { ContactRecordRepository } from '../../cache/repositories/contact-records';
import type { DomainEventBus } from '../domain-events';
import type { PhoneService } from './phone';
import { BoardService } from './board';
import { AlertService } from './alerts';
import { MonitorService } from './monitor';
import { isContact, recordContact } from './kpi';
import { ContactSharing } from './contact-sharing';
import { readJsonAsset } from './json-asset';
import type { LeadOutbox } from './lead-outbox';
import type { WriteBack } from '../../ehr/write-back';
import type { NotReadyCatalog } from '../../../shared/domain/not-ready';
import { NotReadyTimesService } from './not-ready-times';

export function loadThresholds(assetsDir: string): Thresholds {
  return readJsonAsset(path.join(assetsDir, 'team', 'thresholds.json'), ThresholdsSchema, 'The team thresholds');
}

export function createTeamServices(o: {
  events: DomainEventBus;
  phone: PhoneService;
  audit: AuditRepository;
  contactRecords: ContactRecordRepository;
  /** Who is at this desk now (the actor of its audit rows and contact records). */
  actor: () => string;
  team: Team;
  /** This desk's role now. */
  appRole: () => AppRole;
  /** The board and alerts run (subscribed through the phone): on a team lead's desktop, or a desk whose lead signs in later. */
  runsBoard: boolean;
  assetsDir: string;
  /** The not-ready reasons and their limits (the board shows them, the alerts follow the limits). */
  notReady: NotReadyCatalog;
  outbox: LeadOutbox;
  /** The outbox to the site's FHIR server (contact figures go there too); none without a server. */
  writeBack?: WriteBack;
  /** The site's FHIR server holds the team's records (its leads read the figures there): none are sent to them by SIP. */
  teamDataOnServer?: boolean;
}) {
  const { events, phone, audit, contactRecords, actor, team, appRole, outbox } = o;
  const thresholds = loadThresholds(o.assetsDir);
  // The board: presence + dialog subscriptions through the lead's own softphone, (re)made at each registration.
  const board = new BoardService(
    team,
    (rows) => {
      events.emit('board.changed', { rows });
    },
    Date.now,
    25,
    o.notReady,
  );
  const notReadyTimes = new NotReadyTimesService(board);
  const alerts = new AlertService(board, thresholds.alerts, (alert) => {
    events.emit('alert.changed', alert);
  });
  const sipUser = () => /^sips?:([^@]+)@/.exec(phone.state().account?.uri ?? '')?.[1] ?? '';
  const monitor = new MonitorService(phone, events, team, appRole, sipUser, (m) =>
    audit.recordMonitoring(m, { actor: actor(), reason: appRole() === 'teamLead' ? 'team-lead quality monitoring' : 'monitored by team lead' }),
  );
  // Every inbound call that ends becomes a contact record (for the KPIs): times only, no patient data.
  // With the site's FHIR server its figures go there (the write-back) and the leads read them there; without one the
  // team's leads are sent the same figures (SIP MESSAGE), so a lead's KPIs cover the whole team.
  const contacts = new ContactSharing(
    contactRecords,
    (body) => outbox.post(team.leads, body),
    (user) => board.isMember(user),
    o.teamDataOnServer === true,
  );
  // What waited for a lead while the phone was away goes out as soon as it is back.
  phone.onRegistered(() => void outbox.flush());
  outbox.start();
  // The wrap-up that follows names this call, so its disposition joins the contact in the KPIs.
  // call.ended comes once per call: a call the phone reports ended twice is one contact.
  let wrappingUp: string | null = null;
  events.on('call.ended', ({ call }) => {
    recordContact(contactRecords, call, actor(), o.writeBack, sipUser());
    contacts.callEnded(call);
    if (isContact(call) && call.answeredAt) wrappingUp = call.id;
  });
  if (o.runsBoard) {
    let offMessages: (() => void) | null = null;
    phone.onRegistered((softphone) => {
      alerts.attach(softphone);
      void board.attach(softphone);
      offMessages?.();
      offMessages = softphone.on('message', (from, body) => void contacts.message(from, body));
    });
    alerts.start();
  }
  return { thresholds, board, alerts, notReadyTimes, monitor, contacts, sipUser, wrappingUp: () => wrappingUp };
}
