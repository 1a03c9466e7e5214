// Not-ready reasons and care for the agent, without the network: the reasons file's schema (the shipped file and
// broken ones), the reason in the presence document as the lead's side reads it (untrusted: a malformed or unknown
// reason is "other"), the limit alert and the hard-call count as the lead's board and alerts make them, the time
// in each reason, and the agent's side of a hard call (the reset offered, the leads told kinds and counts only).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BoardService } from '../../../electron/main/services/board';
import { AlertService } from '../../../electron/main/services/alerts';
import { NotReadyTimesService } from '../../../electron/main/services/not-ready-times';
import { CareService } from '../../../electron/main/services/care';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { parsePidf, pidf } from '../../../electron/softphone/presence-docs';
import { NotReadyCatalog, NotReadyReasonsFileSchema, type ResetOffer } from '../../../shared/domain/not-ready';
import type { Alert } from '../../../shared/domain/alerts';
import { TeamSchema } from '../../../shared/team/team';

const shipped = NotReadyReasonsFileSchema.parse(JSON.parse(fs.readFileSync('assets/not-ready/reasons.json', 'utf8')));
const catalog = new NotReadyCatalog(shipped.reasons);
const team = TeamSchema.parse({ name: 'T', leads: ['lead'], members: [{ agent: 'alice', name: 'Alice' }] });
const reasonIssue = (file: unknown) => {
  const r = NotReadyReasonsFileSchema.safeParse(file);
  return r.success ? null : r.error.issues.map((i) => i.message).join('; ');
};

describe('the not-ready reasons file', () => {
  it('ships the six reasons, each with its limit, the idle lock and the reset among them', () => {
    expect(shipped.reasons.map((r) => r.id)).toEqual(['break', 'lunch', 'training', 'meeting', 'afterDifficultCall', 'technicalProblem']);
    expect(catalog.get('afterDifficultCall')?.limitMinutes).toBe(5);
    expect(catalog.known('lunch')).toBe('lunch');
    expect(catalog.known('nap')).toBe('other');
  });

  it('refuses a broken file: a repeated id, a missing break or reset, "other" as an id, a bad id, a bad limit, an unknown field', () => {
    const ok = [{ id: 'break' }, { id: 'afterDifficultCall', limitMinutes: 5 }];
    expect(reasonIssue({ reasons: ok })).toBeNull();
    expect(reasonIssue({ reasons: [...ok, { id: 'break' }] })).toMatch(/appears once/);
    expect(reasonIssue({ reasons: [{ id: 'lunch' }, { id: 'afterDifficultCall' }] })).toMatch(/'break'/);
    expect(reasonIssue({ reasons: [{ id: 'break' }] })).toMatch(/'afterDifficultCall'/);
    expect(reasonIssue({ reasons: [...ok, { id: 'other' }] })).toMatch(/not a reason id/);
    expect(reasonIssue({ reasons: [...ok, { id: 'coffee"break' }] })).toMatch(/letters and digits/);
    expect(reasonIssue({ reasons: [...ok, { id: 'lunch', limitMinutes: -1 }] })).not.toBeNull();
    expect(reasonIssue({ reasons: [...ok, { id: 'lunch', limitMinutes: 2000 }] })).not.toBeNull();
    expect(reasonIssue({ reasons: [...ok, { id: 'lunch', label: 'Lunch' }] })).not.toBeNull();
    expect(reasonIssue({ reasons: [] })).not.toBeNull();
  });
});

describe('the reason in the presence document', () => {
  it('round-trips with the not-ready state only', () => {
    expect(parsePidf(pidf('sip:a@x', 'break', '2030-01-01T10:00:00.000Z', { verification: 'none', escalation: null, notReady: 'lunch' })).notReady).toBe(
      'lunch',
    );
    expect(
      parsePidf(pidf('sip:a@x', 'available', '2030-01-01T10:00:00.000Z', { verification: 'none', escalation: null, notReady: 'lunch' })).notReady,
    ).toBeNull();
  });

  it('reads a malformed reason as none; the lead shows it, an unknown one and a missing one as "other"', () => {
    const doc = (reason: string) =>
      `<presence xmlns="urn:ietf:params:xml:ns:pidf"><tuple id="t"><status><basic>open</basic></status><cf:agent xmlns:cf="urn:carefront:agent" verification="none" notReady="${reason}"/><note>break</note><timestamp>2030-01-01T10:00:00Z</timestamp></tuple></presence>`;
    expect(parsePidf(doc('x'.repeat(60))).notReady).toBeNull();
    expect(parsePidf(doc('&lt;script&gt;')).notReady).toBeNull();
    expect(parsePidf(doc('nap')).notReady).toBe('nap');
    const board = new BoardService(team, () => undefined, Date.now, 0, catalog);
    for (const [reason, shown, limit] of [
      ['lunch', 'lunch', 60],
      ['nap', 'other', null],
      ['&lt;script&gt;', 'other', null],
    ] as const) {
      board.presence('alice', doc(reason));
      expect(board.get('alice')).toMatchObject({ state: 'break', notReady: shown, notReadyLimitMinutes: limit });
    }
    board.presence('alice', pidf('sip:alice@x', 'available', '2030-01-01T10:05:00.000Z', { verification: 'none', escalation: null }));
    expect(board.get('alice')).toMatchObject({ state: 'available', notReady: null, notReadyLimitMinutes: null });
  });
});

describe("the lead's side", () => {
  const setup = () => {
    const now = { t: Date.parse('2030-01-01T10:00:00Z') };
    const alerts: Alert[] = [];
    const board = new BoardService(
      team,
      () => undefined,
      () => now.t,
      0,
      catalog,
    );
    const alertService = new AlertService(
      board,
      { longCallSeconds: 600, longWrapUpSeconds: 120 },
      (a) => alerts.push(a),
      () => now.t,
    );
    const times = new NotReadyTimesService(board, () => now.t);
    const presence = (state: 'break' | 'available', reason?: string) => {
      board.presence('alice', pidf('sip:alice@x', state, new Date(now.t).toISOString(), { verification: 'none', escalation: null, notReady: reason ?? null }));
    };
    return { now, alerts, board, alertService, times, presence };
  };

  it("alerts once when a reason's limit passes; a new spell of the reason is a new occurrence", () => {
    const { now, alerts, alertService, presence } = setup();
    presence('break', 'afterDifficultCall');
    now.t += 4 * 60_000;
    alertService.check();
    expect(alerts).toHaveLength(0);
    now.t += 60_000;
    alertService.check();
    alertService.check();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'notReadyLimit', agent: 'alice', notReady: 'afterDifficultCall', thresholdSeconds: 300 });
    presence('available');
    now.t += 1000;
    presence('break', 'afterDifficultCall');
    now.t += 5 * 60_000;
    alertService.check();
    expect(alerts.map((a) => a.kind)).toEqual(['notReadyLimit', 'notReadyLimit']);
  });

  it('counts time in each reason per agent and for the team, the running one up to now', () => {
    const { now, times, presence } = setup();
    presence('break', 'lunch');
    now.t += 30 * 60_000;
    presence('break', 'meeting');
    now.t += 10 * 60_000;
    presence('available');
    now.t += 60_000;
    presence('break', 'lunch');
    now.t += 5 * 60_000;
    const report = times.report();
    expect(report.agents).toEqual([{ agent: 'alice', name: 'Alice', seconds: { lunch: 35 * 60, meeting: 10 * 60 } }]);
    expect(report.team).toEqual({ lunch: 35 * 60, meeting: 10 * 60 });
  });

  it("a hard-call notice sets the board's count and tells the lead; an ordinary call's notice ends the run without an alert; bad notices change nothing", () => {
    const { alerts, board, alertService } = setup();
    const notice = (kinds: string[], inARow: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ type: 'carefront.hardCall', agent: 'alice', kinds, inARow, at: new Date().toISOString(), ...extra });
    alertService.message('alice', notice(['crisis'], 1));
    alertService.message('alice', notice(['abusive', 'privacy'], 2));
    expect(board.get('alice')?.hardCallsInARow).toBe(2);
    expect(alerts.map((a) => a.hardCall)).toEqual([
      { kinds: ['crisis'], inARow: 1 },
      { kinds: ['abusive', 'privacy'], inARow: 2 },
    ]);
    for (const bad of [notice(['sad'], 3), notice(['crisis'], 3, { caller: '+15551234567' }), notice(['crisis'], -1)]) alertService.message('alice', bad);
    alertService.message('mallory', notice(['crisis'], 9));
    expect(board.get('alice')?.hardCallsInARow).toBe(2);
    alertService.message('alice', notice([], 0));
    expect(board.get('alice')?.hardCallsInARow).toBe(0);
    expect(alerts).toHaveLength(2);
  });
});

describe("the agent's side", () => {
  it('not ready takes a reason of the file (default: a plain break); an unknown reason, or a reason with another state, is refused', () => {
    const agent = new AgentStatusService(new DomainEventBus(), catalog);
    expect(agent.choose('break', 'lunch')).toMatchObject({ state: 'break', reason: 'lunch' });
    expect(agent.set('break')).toMatchObject({ state: 'break', reason: 'break' });
    expect(() => agent.choose('break', 'nap')).toThrow(/Not a not-ready reason/);
    expect(() => agent.choose('offline', 'lunch')).toThrow(/Only not ready/);
    expect(agent.choose('offline')).toMatchObject({ state: 'offline', reason: null });
  });

  it('a hard call offers the reset and tells the leads the kinds and the count, nothing else; an ordinary call ends the run', async () => {
    const told: unknown[] = [];
    const offers: ResetOffer[] = [];
    const care = new CareService(
      catalog,
      (body) => {
        told.push(JSON.parse(body));
        return Promise.resolve();
      },
      () => 'alice',
      (o) => offers.push(o),
    );
    care.escalationProgressed({ callId: 'c1', escalation: 'crisisCounsellor', kind: 'conference', stage: 'conferenced', targetCallId: 't1' });
    care.escalationProgressed({ callId: 'c1', escalation: 'supervisor', kind: 'warm', stage: 'calling', targetCallId: 't2' });
    care.wrapUpSaved({ callId: 'c1' });
    care.wrapUpSaved({ callId: 'c2', abusiveCaller: true });
    care.wrapUpSaved({ callId: 'c3' });
    care.wrapUpSaved({ callId: 'c4' }); // still ordinary: nothing more to tell
    await Promise.resolve();
    expect(offers).toEqual([
      { kinds: ['crisis'], reason: 'afterDifficultCall', limitMinutes: 5 },
      { kinds: ['abusive'], reason: 'afterDifficultCall', limitMinutes: 5 },
    ]);
    expect(told.map((n) => Object.keys(n as object).sort())).toEqual(Array(3).fill(['agent', 'at', 'inARow', 'kinds', 'type']));
    expect(told.map((n) => [(n as { kinds: string[] }).kinds, (n as { inARow: number }).inARow])).toEqual([
      [['crisis'], 1],
      [['abusive'], 2],
      [[], 0],
    ]);
    expect(care.hardCallsInARow).toBe(0);
  });
});
