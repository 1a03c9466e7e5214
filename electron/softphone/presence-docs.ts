/**
 * The documents an agent's phone publishes for the team-lead board: PIDF presence (RFC 3863) carrying
 * the agent state, and dialog-info (RFC 4235) carrying live call state. Parsing is deliberately
 * narrow: only the elements we write are read back, and everything is length-limited.
 */
import { AGENT_STATES, type AgentState } from '../../shared/domain/agent';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pidf(entity: string, state: AgentState): string {
  const open = state !== 'offline';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="${esc(entity)}">`,
    `  <tuple id="carefront"><status><basic>${open ? 'open' : 'closed'}</basic></status><note>${state}</note></tuple>`,
    '</presence>',
  ].join('\n');
}

export function parsePidf(xml: string): { open: boolean; state: AgentState | null } {
  const text = xml.slice(0, 16_384);
  const basic = /<basic>\s*(open|closed)\s*<\/basic>/.exec(text)?.[1];
  const note = /<note(?:\s[^>]*)?>\s*([A-Za-z]{1,20})\s*<\/note>/.exec(text)?.[1];
  return { open: basic === 'open', state: (AGENT_STATES as readonly string[]).includes(note ?? '') ? (note as AgentState) : null };
}

export type DialogState = 'trying' | 'early' | 'confirmed' | 'terminated';

export function dialogInfo(entity: string, version: number, dialogs: { id: string; state: DialogState; direction: 'initiator' | 'recipient' }[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="${esc(entity)}">`,
    ...dialogs.map((d) => `  <dialog id="${esc(d.id)}" direction="${d.direction}"><state>${d.state}</state></dialog>`),
    '</dialog-info>',
  ].join('\n');
}

export function parseDialogInfo(xml: string): { id: string; state: DialogState }[] {
  const out: { id: string; state: DialogState }[] = [];
  for (const m of xml.slice(0, 65_536).matchAll(/<dialog\s[^>]*id="([^"]{1,100})"[^>]*>[\s\S]*?<state[^>]*>\s*(trying|proceeding|early|confirmed|terminated)\s*<\/state>/gi)) {
    const s = m[2]!.toLowerCase();
    out.push({ id: m[1]!, state: (s === 'proceeding' ? 'early' : s) as DialogState });
  }
  return out;
}
