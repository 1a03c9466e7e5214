// The board and alerts in the lead's main process, fed NOTIFY and MESSAGE bodies directly: what they
// make of well-formed documents, and that malformed or hostile ones change nothing and throw nothing.
import { describe, expect, it } from 'vitest';
import { BoardService } from '../../../electron/main/services/board';
import { AlertService } from '../../../electron/main/services/alerts';
import { dialogInfo, parseDialogInfo, parsePidf, pidf } from '../../../electron/softphone/presence-docs';
import type { BoardRow } from '../../../shared/domain/board';
import { shortCallId, type Alert } from '../../../shared/domain/alerts';
import { TeamSchema } from '../../../shared/team/team';

const team = TeamSchema.parse({
  name: 'T',
  leads: ['lead'],
  members: [
    { agent: 'alice', name: 'Alice' },
    { agent: 'bob', name: 'Bob' },
  ],
});

function setup(now = { t: Date.parse('2030-01-01T10:00:00Z') }) {
  const published: BoardRow[][] = [];
  const alerts: Alert[] = [];
  const board = new BoardService(
    team,
    (rows) => published.push(rows),
    () => now.t,
    0,
  );
  const alertService = new AlertService(
    board,
    { longCallSeconds: 600, longWrapUpSeconds: 120 },
    (a) => alerts.push(a),
    () => now.t,
  );
  return { board, alertService, published, alerts, now };
}

describe('presence documents', () => {
  it('round-trips state, since and the board extras; escapes the entity', () => {
    const xml = pidf('sip:a"<b>@x', 'onCall', '2030-01-01T09:59:00.000Z', { verification: 'failed', escalation: 'crisisCounsellor' });
    expect(xml).not.toContain('a"<b>');
    expect(parsePidf(xml)).toEqual({
      hasBasic: true,
      open: true,
      state: 'onCall',
      since: '2030-01-01T09:59:00.000Z',
      verification: 'failed',
      escalation: 'crisisCounsellor',
      notReady: null,
    });
    expect(parsePidf(pidf('sip:a@x', 'offline'))).toMatchObject({ open: false, state: 'offline', since: null, verification: null, escalation: null });
  });

  it('reads only closed sets of values', () => {
    const hostile =
      '<presence xmlns="urn:ietf:params:xml:ns:pidf"><tuple id="t"><status><basic>open</basic></status><cf:agent xmlns:cf="urn:carefront:agent" verification="hacked" escalation="rm -rf"/><note>root</note><timestamp>yesterday</timestamp></tuple></presence>';
    expect(parsePidf(hostile)).toEqual({ hasBasic: true, open: true, state: null, since: null, verification: null, escalation: null, notReady: null });
  });

  it('dialog-info carries the duration of confirmed dialogs', () => {
    const xml = dialogInfo('sip:a@x', 3, [
      { id: 'c1', state: 'confirmed', direction: 'recipient', duration: 42.7 },
      { id: 'c2', state: 'early', direction: 'initiator' },
    ]);
    expect(parseDialogInfo(xml)).toEqual([
      { id: 'c1', state: 'confirmed', duration: 42 },
      { id: 'c2', state: 'early', duration: null },
    ]);
  });
});

describe('board service', () => {
  it('merges presence and dialog NOTIFYs into rows and pushes what changed', async () => {
    const { board, published, now } = setup();
    board.presence('alice', pidf('sip:alice@x', 'onCall', '2030-01-01T09:58:00.000Z', { verification: 'verified', escalation: null }));
    board.dialog('alice', dialogInfo('sip:alice@x', 1, [{ id: 'd1', state: 'confirmed', direction: 'recipient', duration: 30 }]));
    await new Promise((r) => setTimeout(r, 5));
    expect(published.flat().at(-1)).toMatchObject({
      agent: 'alice',
      state: 'onCall',
      since: '2030-01-01T09:58:00.000Z',
      verification: 'verified',
      callSince: '2030-01-01T09:59:30.000Z',
    });
    // A later NOTIFY for the same dialog keeps when it began.
    now.t += 10_000;
    board.dialog('alice', dialogInfo('sip:alice@x', 2, [{ id: 'd1', state: 'confirmed', direction: 'recipient', duration: 0 }]));
    expect(board.get('alice')!.callSince).toBe('2030-01-01T09:59:30.000Z');
    board.dialog('alice', dialogInfo('sip:alice@x', 3, [{ id: 'd1', state: 'terminated', direction: 'recipient' }]));
    expect(board.get('alice')!.callSince).toBeNull();
    board.presence('alice', '');
    expect(board.get('alice')).toMatchObject({ state: 'offline', since: null });
    expect(board.get('bob')).toMatchObject({ state: 'offline', name: 'Bob', updatedAt: null });
  });

  it('ignores malformed bodies and strangers without throwing', () => {
    const { board } = setup();
    board.presence('alice', pidf('sip:alice@x', 'available'));
    const before = board.get('alice');
    for (const body of [
      '<<<',
      'x'.repeat(100_000),
      '<presence><note>available</note>',
      '\u0000\u202e',
      '<dialog-info><dialog id="x"><state>weird</state></dialog></dialog-info>',
    ]) {
      expect(() => {
        board.presence('alice', body);
      }).not.toThrow();
      expect(() => {
        board.dialog('alice', body);
      }).not.toThrow();
    }
    board.presence('mallory', pidf('sip:mallory@x', 'onCall'));
    expect(board.get('mallory')).toBeNull();
    expect(board.get('alice')).toMatchObject({ state: before!.state, callSince: null });
  });
});

describe('alert service', () => {
  const notice = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: 'carefront.escalation',
      escalation: 'supervisor',
      reason: 'complaint',
      agent: 'workstation-user/a',
      callId: 'c1',
      at: '2030-01-01T10:00:00.000Z',
      ...extra,
    });

  it("raises an escalation alert from a member's valid notice, once; ignores anything else", () => {
    const { alertService, alerts } = setup();
    alertService.message('alice', notice());
    alertService.message('alice', notice()); // the same escalation again: one alert
    for (const bad of ['not json', '{}', notice({ escalation: 'ceo' }), notice({ patientName: 'Jane' }), notice({ callId: '../../x' })])
      alertService.message('alice', bad);
    alertService.message('mallory', notice({ callId: 'c2' }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'escalation', agent: 'alice', name: 'Alice', escalation: 'supervisor', reason: 'complaint', status: 'open' });
  });

  it('an escalation alert says which call: its id and when it started (null from a desktop that does not send it); a bad start time is refused', () => {
    const { alertService, alerts } = setup();
    alertService.message('alice', notice({ callId: 'c7f3a9e2b1d04c55', callStartedAt: '2030-01-01T09:58:30.000Z' }));
    alertService.message('alice', notice({ callId: 'c8' }));
    alertService.message('alice', notice({ callId: 'c9', callStartedAt: 'this morning' }));
    expect(alerts.map((a) => [a.callId, a.callStartedAt])).toEqual([
      ['c7f3a9e2b1d04c55', '2030-01-01T09:58:30.000Z'],
      ['c8', null],
    ]);
    expect(shortCallId('c7f3a9e2b1d04c55')).toBe('c7f3a9e2');
  });

  it('long call, long wrap-up and failed verification, each once per occurrence; acknowledge and follow up', () => {
    const { board, alertService, alerts, now } = setup();
    board.dialog('alice', dialogInfo('sip:alice@x', 1, [{ id: 'd1', state: 'confirmed', direction: 'recipient', duration: 0 }]));
    now.t += 599_000;
    board.presence('alice', pidf('sip:alice@x', 'onCall', new Date(now.t).toISOString(), { verification: 'failed', escalation: null }));
    expect(alerts.map((a) => a.kind)).toEqual(['failedVerification']);
    now.t += 2000;
    board.presence('alice', pidf('sip:alice@x', 'onCall', new Date(now.t).toISOString(), { verification: 'failed', escalation: 'supervisor' }));
    expect(alerts.map((a) => a.kind)).toEqual(['failedVerification', 'longCall']);
    board.dialog('alice', dialogInfo('sip:alice@x', 2, []));
    const wrapSince = new Date(now.t).toISOString();
    board.presence('alice', pidf('sip:alice@x', 'wrapUp', wrapSince, { verification: 'none', escalation: null }));
    now.t += 121_000;
    alertService.check();
    alertService.check();
    expect(alerts.map((a) => a.kind)).toEqual(['failedVerification', 'longCall', 'longWrapUp']);

    const id = alerts[1]!.id;
    expect(alertService.acknowledge(id)).toMatchObject({ status: 'acknowledged', acknowledgedAt: new Date(now.t).toISOString() });
    expect(alertService.followUp(id, 'whisper')).toMatchObject({ status: 'acknowledged', followUp: 'whisper' });
    expect(alertService.followUp(id, 'resolved')).toMatchObject({ status: 'resolved', followUp: 'resolved' });
    expect(() => alertService.acknowledge('00000000-0000-4000-8000-000000000000')).toThrow(/No such alert/);
  });
});
