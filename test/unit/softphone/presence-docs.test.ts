// Presence (PIDF) and dialog-info documents from the network are read by a real XML parser behind hard
// limits: hostile documents are refused with an error that says why, valid ones read as they always did.
import { describe, expect, it } from 'vitest';
import { AGENT_STATES } from '../../../shared/domain/agent';
import { CALLER_VERIFICATION } from '../../../shared/domain/board';
import { ESCALATIONS } from '../../../shared/escalation/targets';
import {
  dialogInfo,
  parseDialogInfo,
  parsePidf,
  pidf,
  readDialogInfo,
  readPidf,
  XmlRefused,
  type DialogEntry,
} from '../../../electron/softphone/presence-docs';

const PIDF_NS = 'urn:ietf:params:xml:ns:pidf';
const DI_NS = 'urn:ietf:params:xml:ns:dialog-info';
const presence = (inner: string, root = `<presence xmlns="${PIDF_NS}" entity="sip:a@x">`) =>
  `${root}<tuple id="t"><status><basic>open</basic></status>${inner}</tuple></presence>`;
const dialogs = (inner: string) => `<dialog-info xmlns="${DI_NS}" version="1" state="full" entity="sip:a@x">${inner}</dialog-info>`;

/** The regular-expression reading the parser replaced: the reference for what valid documents must still read as. */
function previousPidf(xml: string) {
  const text = xml.slice(0, 16_384);
  const basic = /<basic>\s*(open|closed)\s*<\/basic>/.exec(text)?.[1];
  const note = /<note(?:\s[^>]*)?>\s*([A-Za-z]{1,20})\s*<\/note>/.exec(text)?.[1];
  const ts = /<timestamp>\s*([0-9T:.+Z-]{10,40})\s*<\/timestamp>/.exec(text)?.[1];
  const agent = /<(?:[A-Za-z0-9_-]{1,20}:)?agent\s[^>]{0,400}>/.exec(text)?.[0] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}="([A-Za-z]{1,30})"`).exec(agent)?.[1];
  const oneOf = (set: readonly string[], v: string | undefined) => (set.includes(v ?? '') ? v : null);
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
  return {
    hasBasic: basic !== undefined,
    open: basic === 'open',
    state: oneOf(AGENT_STATES, note),
    since: ts && ISO.test(ts) && !Number.isNaN(Date.parse(ts)) ? new Date(ts).toISOString() : null,
    verification: oneOf(CALLER_VERIFICATION, attr('verification')),
    escalation: oneOf(ESCALATIONS, attr('escalation')),
    // The not-ready reason came later: none of these documents carries one (see test/unit/board/not-ready.test.ts).
    notReady: null,
  };
}

function previousDialogInfo(xml: string) {
  const out: { id: string; state: string; duration: number | null }[] = [];
  for (const m of xml.slice(0, 65_536).matchAll(/<dialog\s[^>]*id="([^"]{1,100})"[^>]*>([\s\S]*?)<\/dialog>/gi)) {
    const s = /<state[^>]*>\s*(trying|proceeding|early|confirmed|terminated)\s*<\/state>/i.exec(m[2]!)?.[1]?.toLowerCase();
    if (!s) continue;
    const d = /<duration>\s*(\d{1,9})\s*<\/duration>/.exec(m[2]!)?.[1];
    out.push({ id: m[1]!, state: s === 'proceeding' ? 'early' : s, duration: d === undefined ? null : Number(d) });
  }
  return out;
}

// As the rig's Kamailio delivers them in NOTIFYs (re-serialised, its own "closed" document for an unpublished agent).
const KAMAILIO_PIDF_CLOSED = `<?xml version="1.0"?>
<presence xmlns="${PIDF_NS}" entity="sip:alice@127.0.0.1">
  <tuple xmlns="${PIDF_NS}" id="carefront">
    <status xmlns="${PIDF_NS}">
      <basic>closed</basic>
    </status>
  </tuple>
</presence>`;
const KAMAILIO_DIALOG = `<?xml version="1.0"?>
<dialog-info xmlns="${DI_NS}" version="3" state="full" entity="sip:alice@127.0.0.1">
  <dialog id="788239f6e383439780d8" direction="recipient">
    <state>confirmed</state>
    <duration>17</duration>
  </dialog>
</dialog-info>`;

describe('valid documents read exactly as before', () => {
  it('every agent state, verification status and escalation we publish', () => {
    const docs: string[] = [];
    for (const state of AGENT_STATES) {
      docs.push(pidf('sip:alice@127.0.0.1', state), pidf('sip:alice@127.0.0.1', state, '2030-01-01T09:59:00.000Z'));
      for (const verification of CALLER_VERIFICATION) {
        for (const escalation of [null, ...ESCALATIONS]) docs.push(pidf('sip:a"<b>@x', state, '2030-01-01T09:59:00+02:00', { verification, escalation }));
      }
    }
    docs.push(KAMAILIO_PIDF_CLOSED, presence('<note>available</note><timestamp>2030-01-01T10:00:00Z</timestamp>'), presence('<note lang="en"> wrapUp </note>'));
    for (const doc of docs) expect(readPidf(doc)).toEqual(previousPidf(doc));
    expect(readPidf(pidf('sip:a@x', 'break', '2030-01-01T09:59:00.000Z', { verification: 'verified', escalation: 'supervisor' }))).toEqual({
      hasBasic: true,
      open: true,
      state: 'break',
      since: '2030-01-01T09:59:00.000Z',
      verification: 'verified',
      escalation: 'supervisor',
      notReady: null,
    });
    expect(readPidf(KAMAILIO_PIDF_CLOSED)).toEqual({
      hasBasic: true,
      open: false,
      state: null,
      since: null,
      verification: null,
      escalation: null,
      notReady: null,
    });
  });

  it('dialog-info of every state, with and without durations, ours and as Kamailio re-serialises it', () => {
    const states = ['trying', 'early', 'confirmed', 'terminated'] as const;
    const entries: DialogEntry[] = states.flatMap((state, i) => [
      { id: `c${i}`, state, direction: 'recipient' as const },
      { id: `d${i}`, state, direction: 'initiator' as const, duration: i * 61.5 },
    ]);
    const docs = [
      dialogInfo('sip:a@x', 7, entries),
      dialogInfo('sip:a@x', 0, []),
      KAMAILIO_DIALOG,
      dialogs('<dialog id="p1"><state>Proceeding</state></dialog><dialog id="p2"><state event="rejected">terminated</state></dialog>'),
    ];
    for (const doc of docs) expect(readDialogInfo(doc)).toEqual(previousDialogInfo(doc));
    expect(readDialogInfo(KAMAILIO_DIALOG)).toEqual([{ id: '788239f6e383439780d8', state: 'confirmed', duration: 17 }]);
    expect(readDialogInfo(docs[3]!)).toEqual([
      { id: 'p1', state: 'early', duration: null },
      { id: 'p2', state: 'terminated', duration: null },
    ]);
  });

  it('values outside their closed sets still read as null (the board ignores such a document)', () => {
    expect(
      readPidf(presence('<note>root</note><timestamp>yesterday</timestamp><cf:agent xmlns:cf="urn:carefront:agent" verification="hacked" escalation="ceo"/>')),
    ).toEqual({
      hasBasic: true,
      open: true,
      state: null,
      since: null,
      verification: null,
      escalation: null,
      notReady: null,
    });
    // Elements of ours in another namespace are not ours: not read.
    expect(readPidf(presence('<note xmlns="urn:evil">available</note><agent xmlns="urn:evil" verification="verified"/>'))).toMatchObject({
      state: null,
      verification: null,
    });
  });
});

describe('hostile documents are refused with a clear error', () => {
  const laughs = `<?xml version="1.0"?><!DOCTYPE presence [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>${presence('<note>&lol2;</note>')}`;
  const xxe = `<!DOCTYPE presence [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${presence('<note>&xxe;</note>')}`;
  const nest = (depth: number) => `${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}`;
  const pidfCases: [string, string, RegExp][] = [
    ['entity expansion in a DOCTYPE', laughs, /DOCTYPE refused/],
    ['an external entity in a DOCTYPE', xxe, /DOCTYPE refused/],
    ['a DOCTYPE of any kind', `<!doctype presence>${presence('')}`, /DOCTYPE refused/],
    ['an entity declaration outside a DOCTYPE', presence('<!ENTITY x "y">'), /entity declaration refused/],
    ['a reference to an undeclared entity', presence('<note>&xxe;</note>'), /entity reference refused/],
    ['a bare ampersand', presence('<note>a & b</note>'), /entity reference refused/],
    ['a huge document', presence(`<note>available</note>${' '.repeat(20_000)}`), /too large \(\d+ characters, at most 16384\)/],
    ['deep nesting', presence(nest(20)), /nested deeper than 16 elements/],
    ['very deep nesting', presence(nest(2000)), /nested deeper than 16 elements/],
    ['two root elements', presence('') + presence(''), /expected one root element, found 2/],
    ['no root element', '<?xml version="1.0"?>', /not well-formed|expected one root element/],
    ['an unclosed element', `<presence xmlns="${PIDF_NS}"><tuple>`, /not well-formed/],
    [
      'no namespace on the root',
      '<presence><tuple><status><basic>open</basic></status><note>available</note></tuple></presence>',
      /root element must be <presence> in urn:ietf:params:xml:ns:pidf, not <presence> in no namespace/,
    ],
    ['the wrong namespace on the root', presence('', '<presence xmlns="urn:evil">'), /root element must be <presence> .* in urn:evil/],
    ['another root element', `<dialog-info xmlns="${PIDF_NS}"/>`, /root element must be <presence>/],
    ['an undeclared namespace prefix', presence('<cf:agent verification="verified"/>'), /undeclared namespace prefix 'cf'/],
    [
      'an unknown basic status',
      `<presence xmlns="${PIDF_NS}"><tuple id="t"><status><basic>maybe</basic></status></tuple></presence>`,
      /unknown basic status 'maybe'/,
    ],
  ];
  for (const [what, doc, why] of pidfCases) {
    it(`PIDF: ${what}`, () => {
      expect(() => readPidf(doc)).toThrow(XmlRefused);
      expect(() => readPidf(doc)).toThrow(why);
      // The board's reading: nothing recognised, nothing thrown.
      expect(parsePidf(doc)).toEqual({ hasBasic: false, open: false, state: null, since: null, verification: null, escalation: null, notReady: null });
    });
  }

  const dialogCases: [string, string, RegExp][] = [
    [
      'entity expansion in a DOCTYPE',
      `<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>${dialogs('<dialog id="&a;"><state>confirmed</state></dialog>')}`,
      /DOCTYPE refused/,
    ],
    ['a reference to an undeclared entity', dialogs('<dialog id="&a;"><state>confirmed</state></dialog>'), /entity reference refused/],
    ['a huge document', dialogs('<dialog id="x"><state>confirmed</state></dialog>'.repeat(1500)), /too large \(\d+ characters, at most 65536\)/],
    ['deep nesting', dialogs(nest(5000)), /nested deeper than 16 elements/],
    ['two root elements', dialogs('') + dialogs(''), /expected one root element, found 2/],
    [
      'no namespace',
      '<dialog-info><dialog id="x"><state>confirmed</state></dialog></dialog-info>',
      /root element must be <dialog-info> in urn:ietf:params:xml:ns:dialog-info/,
    ],
    [
      'the presence namespace',
      `<dialog-info xmlns="${PIDF_NS}"><dialog id="x"><state>confirmed</state></dialog></dialog-info>`,
      /root element must be <dialog-info>/,
    ],
    [
      'an unknown dialog state',
      dialogs('<dialog id="x"><state>confirmed</state></dialog><dialog id="y"><state>weird</state></dialog>'),
      /unknown dialog state 'weird'/,
    ],
  ];
  for (const [what, doc, why] of dialogCases) {
    it(`dialog-info: ${what}`, () => {
      expect(() => readDialogInfo(doc)).toThrow(XmlRefused);
      expect(() => readDialogInfo(doc)).toThrow(why);
      expect(parseDialogInfo(doc)).toEqual([]);
    });
  }
});
