/**
 * The team lead's KPI report, from where the team's records are. With the site's FHIR connection: the period's contact
 * figures and survey answers searched on the organisation's server (the team's calls: those of the team file's members
 * and the lead's own), joined with the survey answers imported on this desk; without one, or while the server cannot
 * be read, this desk's own store. The report says which (`source`).
 */
import type { Sourced } from '../../../shared/ehr/team-data-source';
import { kpiReport, type KpiReport } from '../../../shared/kpi/kpi';
import type { Team, Thresholds } from '../../../shared/team/team';
import type { ContactRecordRepository } from '../../cache/repositories/contact-records';
import { agentNames, contactRecords, kpiWindow, teamKpis } from './kpi';
import type { TeamDataService } from './team-data';

export interface TeamKpiQuery {
  from: string;
  to: string;
  serviceLevel: Thresholds['serviceLevel'];
  /** This desk's actor and SIP user ('' without a phone account): the lead's own contacts. */
  actor: string;
  ownSipUser: string;
  team: Team;
}

export async function sourcedTeamKpis(data: TeamDataService, contacts: ContactRecordRepository, q: TeamKpiQuery): Promise<Sourced<KpiReport>> {
  const nameOf = agentNames(q.team, q.actor, q.ownSipUser);
  const window = kpiWindow(q.from, q.to);
  // The server holds every team's contacts: this team's are its members' and the lead's own.
  const ours = new Set([...q.team.members.map((m) => m.agent), q.actor, ...(q.ownSipUser ? [q.ownSipUser] : [])]);
  const { value, source } = await data.read(
    (reader) => reader.contacts(window),
    (read) => {
      const calls = read.calls.filter((c) => ours.has(c.agent));
      // The server's answers win over a copy imported here (contactRecords keeps the last answer for a call).
      const imported = contacts.surveysForKpis(window.from, window.surveysTo, { actor: q.actor, reason: 'team KPIs' });
      return kpiReport(contactRecords(calls, read.wrapUps, [...imported, ...read.surveys]), q.from, q.to, q.serviceLevel, nameOf);
    },
    () => teamKpis(contacts, q.from, q.to, q.serviceLevel, q.actor, nameOf),
  );
  return { ...value, source };
}
