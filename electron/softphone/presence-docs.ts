/**
 * The documents an agent's phone publishes for the team-lead board: PIDF presence (RFC 3863) carrying
 * the agent state, when it began (the tuple's timestamp) and a Carefront extension element inside the
 * tuple (caller verification status, escalation raised; never patient data), and dialog-info
 * (RFC 4235) carrying live call state and duration. Parsing is deliberately narrow: only the elements
 * we write are read back, every value is checked against its closed set, everything is length-limited.
 */
import { AGENT_STATES, type AgentState } from '../../shared/domain/agent';
import { CALLER_VERIFICATION, type CallerVerification, type PresenceExtras } from '../../shared/domain/board';
import { ESCALATIONS, type Escalation } from '../../shared/escalation/targets';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
export const CAREFRONT_PIDF_NS = 'urn:carefront:agent';

export function pidf(entity: string, state: AgentState, since?: string, extras?: PresenceExtras): string {
  const open = state !== 'offline';
  const ext = extras
    ? `<cf:agent xmlns:cf="${CAREFRONT_PIDF_NS}" verification="${extras.verification}"${extras.escalation ? ` escalation="${extras.escalation}"` : ''}/>`
    : '';
  const timestamp = since && ISO.test(since) ? `<timestamp>${since}</timestamp>` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="${esc(entity)}">`,
    `  <tuple id="carefront"><status><basic>${open ? 'open' : 'closed'}</basic></status>${ext}<note>${state}</note>${timestamp}</tuple>`,
    '</presence>',
  ].join('\n');
}

export interface ParsedPidf {
  /** Whether the document has a basic status at all (a PIDF without one is not one of ours). */
  hasBasic: boolean;
  open: boolean;
  state: AgentState | null;
  since: string | null;
  verification: CallerVerification | null;
  escalation: Escalation | null;
}

const oneOf = <T extends string>(set: readonly T[], v: string | undefined): T | null => ((set as readonly string[]).includes(v ?? '') ? (v as T) : null);

export function parsePidf(xml: string): ParsedPidf {
  const text = xml.slice(0, 16_384);
  const basic = /<basic>\s*(open|closed)\s*<\/basic>/.exec(text)?.[1];
  const note = /<note(?:\s[^>]*)?>\s*([A-Za-z]{1,20})\s*<\/note>/.exec(text)?.[1];
  const ts = /<timestamp>\s*([0-9T:.+Z-]{10,40})\s*<\/timestamp>/.exec(text)?.[1];
  const agent = /<(?:[A-Za-z0-9_-]{1,20}:)?agent\s[^>]{0,400}>/.exec(text)?.[0] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}="([A-Za-z]{1,30})"`).exec(agent)?.[1];
  const since = ts && ISO.test(ts) && !Number.isNaN(Date.parse(ts)) ? new Date(ts).toISOString() : null;
  return {
    hasBasic: basic !== undefined,
    open: basic === 'open',
    state: oneOf(AGENT_STATES, note),
    since,
    verification: oneOf(CALLER_VERIFICATION, attr('verification')),
    escalation: oneOf(ESCALATIONS, attr('escalation')),
  };
}

export type DialogState = 'trying' | 'early' | 'confirmed' | 'terminated';

export interface DialogEntry {
  id: string;
  state: DialogState;
  direction: 'initiator' | 'recipient';
  /** Seconds since the dialog was confirmed (RFC 4235 <duration>), for confirmed dialogs. */
  duration?: number;
}

export function dialogInfo(entity: string, version: number, dialogs: DialogEntry[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="${esc(entity)}">`,
    ...dialogs.map(
      (d) => `  <dialog id="${esc(d.id)}" direction="${d.direction}"><state>${d.state}</state>${d.duration !== undefined ? `<duration>${Math.max(0, Math.floor(d.duration))}</duration>` : ''}</dialog>`,
    ),
    '</dialog-info>',
  ].join('\n');
}

export function parseDialogInfo(xml: string): { id: string; state: DialogState; duration: number | null }[] {
  const out: { id: string; state: DialogState; duration: number | null }[] = [];
  for (const m of xml.slice(0, 65_536).matchAll(/<dialog\s[^>]*id="([^"]{1,100})"[^>]*>([\s\S]*?)<\/dialog>/gi)) {
    const s = /<state[^>]*>\s*(trying|proceeding|early|confirmed|terminated)\s*<\/state>/i.exec(m[2]!)?.[1]?.toLowerCase();
    if (!s) continue;
    const d = /<duration>\s*(\d{1,9})\s*<\/duration>/.exec(m[2]!)?.[1];
    out.push({ id: m[1]!, state: (s === 'proceeding' ? 'early' : s) as DialogState, duration: d === undefined ? null : Number(d) });
  }
  return out;
}
