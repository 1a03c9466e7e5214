/**
 * The documents an agent's phone publishes for the team-lead board: PIDF presence (RFC 3863) carrying
 * the agent state, when it began (the tuple's timestamp) and a Carefront extension element inside the
 * tuple (caller verification status, escalation raised; never patient data), and dialog-info
 * (RFC 4235) carrying live call state and duration. Reading is deliberately narrow: each document goes
 * through a real XML parser behind hard limits (safe-xml.ts), only the elements we write are read back
 * (in their namespaces), every value is checked against its closed set, everything is length-limited.
 */
import { AGENT_STATES, type AgentState } from '../../shared/domain/agent';
import { CALLER_VERIFICATION, type CallerVerification, type PresenceExtras } from '../../shared/domain/board';
import { ESCALATIONS, type Escalation } from '../../shared/escalation/targets';
import { NotReadyReasonId } from '../../shared/domain/not-ready';
import { firstDescendant, readXml, XmlRefused } from './safe-xml';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
export const CAREFRONT_PIDF_NS = 'urn:carefront:agent';
const PIDF_NS = 'urn:ietf:params:xml:ns:pidf';
const DIALOG_INFO_NS = 'urn:ietf:params:xml:ns:dialog-info';
/** Hard limits on what is read from the network (our own documents are far below them). */
export const PIDF_LIMITS = { maxChars: 16_384, maxDepth: 16, root: { ns: PIDF_NS, name: 'presence' } } as const;
export const DIALOG_INFO_LIMITS = { maxChars: 65_536, maxDepth: 16, root: { ns: DIALOG_INFO_NS, name: 'dialog-info' } } as const;
export { XmlRefused };

export function pidf(entity: string, state: AgentState, since?: string, extras?: PresenceExtras): string {
  const open = state !== 'offline';
  // Only a reason id (letters and digits) is written, and only with the not-ready state.
  const notReady = state === 'break' && NotReadyReasonId.safeParse(extras?.notReady).success ? extras?.notReady : null;
  const ext = extras
    ? `<cf:agent xmlns:cf="${CAREFRONT_PIDF_NS}" verification="${extras.verification}"${extras.escalation ? ` escalation="${extras.escalation}"` : ''}${notReady ? ` notReady="${notReady}"` : ''}/>`
    : '';
  const timestamp = since && ISO.test(since) ? `<timestamp>${since}</timestamp>` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="${PIDF_NS}" entity="${esc(entity)}">`,
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
  /** The not-ready reason id as the agent wrote it (well-formed, not yet checked against the reader's file). */
  notReady: string | null;
}

const oneOf = <T extends string>(set: readonly T[], v: string | undefined): T | null => ((set as readonly string[]).includes(v ?? '') ? (v as T) : null);

/**
 * Reads a PIDF document; throws XmlRefused when the document is refused (see safe-xml.ts) or its basic
 * status is neither open nor closed. Values outside their closed sets (the agent state in the note,
 * the timestamp, the board extras) read as null.
 */
export function readPidf(xml: string): ParsedPidf {
  const root = readXml(xml, PIDF_LIMITS);
  const basic = firstDescendant(root, PIDF_NS, 'basic')?.text;
  if (basic !== undefined && basic !== 'open' && basic !== 'closed') throw new XmlRefused(`unknown basic status '${basic.slice(0, 20)}'`);
  const note = firstDescendant(root, PIDF_NS, 'note')?.text;
  const ts = firstDescendant(root, PIDF_NS, 'timestamp')?.text;
  const agent = firstDescendant(root, CAREFRONT_PIDF_NS, 'agent');
  const since = ts && ts.length <= 40 && ISO.test(ts) && !Number.isNaN(Date.parse(ts)) ? new Date(ts).toISOString() : null;
  return {
    hasBasic: basic !== undefined,
    open: basic === 'open',
    state: oneOf(AGENT_STATES, note),
    since,
    verification: oneOf(CALLER_VERIFICATION, agent?.attributes.get('verification')),
    escalation: oneOf(ESCALATIONS, agent?.attributes.get('escalation')),
    notReady: wellFormedReason(agent?.attributes.get('notReady')),
  };
}

const wellFormedReason = (v: string | undefined): string | null => {
  const r = NotReadyReasonId.safeParse(v);
  return r.success ? r.data : null;
};

const NOTHING_RECOGNISED: ParsedPidf = { hasBasic: false, open: false, state: null, since: null, verification: null, escalation: null, notReady: null };

/** As readPidf, for the board: a refused document reads as one with nothing recognised (it is ignored). */
export function parsePidf(xml: string): ParsedPidf {
  try {
    return readPidf(xml);
  } catch (err) {
    if (err instanceof XmlRefused) return { ...NOTHING_RECOGNISED };
    throw err;
  }
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
    `<dialog-info xmlns="${DIALOG_INFO_NS}" version="${version}" state="full" entity="${esc(entity)}">`,
    ...dialogs.map(
      (d) =>
        `  <dialog id="${esc(d.id)}" direction="${d.direction}"><state>${d.state}</state>${d.duration !== undefined ? `<duration>${Math.max(0, Math.floor(d.duration))}</duration>` : ''}</dialog>`,
    ),
    '</dialog-info>',
  ].join('\n');
}

export interface ParsedDialog {
  id: string;
  state: DialogState;
  duration: number | null;
}

const RFC4235_STATES = ['trying', 'proceeding', 'early', 'confirmed', 'terminated'];

/**
 * Reads a dialog-info document: its dialogs (children of the root) with their state (proceeding read as
 * early) and duration. Throws XmlRefused when the document is refused (see safe-xml.ts) or a dialog's
 * state is not one of RFC 4235's; a dialog without a usable id or without a state is skipped.
 */
export function readDialogInfo(xml: string): ParsedDialog[] {
  const root = readXml(xml, DIALOG_INFO_LIMITS);
  const out: ParsedDialog[] = [];
  for (const dialog of root.children) {
    if (dialog.ns !== DIALOG_INFO_NS || dialog.name !== 'dialog') continue;
    const id = dialog.attributes.get('id');
    if (!id || id.length > 100) continue;
    const stateText = dialog.children.find((c) => c.ns === DIALOG_INFO_NS && c.name === 'state')?.text;
    if (stateText === undefined) continue;
    const s = stateText.toLowerCase();
    if (!RFC4235_STATES.includes(s)) throw new XmlRefused(`unknown dialog state '${stateText.slice(0, 20)}'`);
    const d = dialog.children.find((c) => c.ns === DIALOG_INFO_NS && c.name === 'duration')?.text;
    out.push({ id, state: (s === 'proceeding' ? 'early' : s) as DialogState, duration: d !== undefined && /^\d{1,9}$/.test(d) ? Number(d) : null });
  }
  return out;
}

/** As readDialogInfo, for the board: a refused document reads as no dialogs. */
export function parseDialogInfo(xml: string): ParsedDialog[] {
  try {
    return readDialogInfo(xml);
  } catch (err) {
    if (err instanceof XmlRefused) return [];
    throw err;
  }
}
