/**
 * Who may use which channel, when the site signs its users in. Checked in the main process for every call,
 * before its handler runs; a site without an identity provider keeps the handlers' own checks only.
 *
 * - Nobody signed in: only the open channels answer (who is at the desk, the app's version and mode, the
 *   page's language); every other is refused with `signInRequired`.
 * - The team's board, alerts, monitoring and KPIs answer a team lead's session only (`forbidden`).
 * - A trainee's session works in practice mode only: on the live desk it is refused (`forbidden`).
 * The page's events follow the same rule: with nobody signed in only the open events reach it.
 */
import type { ChannelName, ForwardedEventName } from '../../shared/ipc/contract';
import { CodedError } from '../../shared/errors';
import type { DeskIdentity } from './desk-identity';

/** The channels that answer with nobody signed in. */
export const OPEN_CHANNELS = [
  'identity.status',
  'identity.signIn',
  'identity.signOut',
  'identity.lock',
  'app.info',
  'settings.get',
  'settings.setLanguage',
] as const satisfies readonly ChannelName[];

/** The channels for a team lead's session only. */
export const TEAM_LEAD_CHANNELS = [
  'board.get',
  'alerts.list',
  'alerts.acknowledge',
  'alerts.followUp',
  'monitor.start',
  'monitor.setMode',
  'monitor.stop',
  'monitor.list',
  'kpi.report',
  'board.notReadyTimes',
] as const satisfies readonly ChannelName[];

/** The events that reach the page with nobody signed in (a call ringing in, its screen pop, a patient changed: not before). */
export const OPEN_EVENTS = ['identity.changed', 'settings.changed'] as const satisfies readonly ForwardedEventName[];

const open: ReadonlySet<ChannelName> = new Set(OPEN_CHANNELS);
const openEvents: ReadonlySet<ForwardedEventName> = new Set(OPEN_EVENTS);
const teamLead: ReadonlySet<ChannelName> = new Set(TEAM_LEAD_CHANNELS);

/** Throws the coded refusal when the desk's user may not use the channel now. */
export function admit(identity: DeskIdentity, mode: 'live' | 'practice', channel: ChannelName): void {
  if (!identity.configured || open.has(channel)) return;
  const session = identity.status().session;
  if (!session) throw new CodedError('signInRequired', `${channel} needs a signed-in user`);
  if (session.deskRole === 'trainee' && mode === 'live') throw new CodedError('forbidden', "A trainee's session works in practice mode only");
  if (teamLead.has(channel) && session.deskRole !== 'teamLead') throw new CodedError('forbidden', `${channel} is for a team lead's session`);
}

/** Whether a domain event may reach the page now: while the site waits for a sign-in, only the open events. */
export function mayReachPage(identity: DeskIdentity, event: ForwardedEventName): boolean {
  return !identity.configured || identity.signedIn() || openEvents.has(event);
}
