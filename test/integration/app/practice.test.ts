// Practice mode through the real dispatcher: a separate encrypted practice store holding only the
// scenarios' synthetic records, a simulated phone (no SIP, no account), simulated callers driven by
// what the trainee does, scores saved to the trainee's history, every read still audited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices } from '../../../electron/main/services';
import type { ArgsOf, ChannelName, ScreenPop } from '../../../shared/ipc/contract';
import type { CallView } from '../../../shared/domain/call';
import type { PracticeAttempt, PracticeView } from '../../../shared/practice/view';
import { invoke } from './invoke';
import { useDeskThroughDispatcher } from './desk-through-dispatcher';

const events: { event: string; payload: unknown }[] = [];

const call = <C extends ChannelName>(channel: C, args: ArgsOf<C>) => invoke(desk.dispatch, channel, args);

const lastView = () => [...events].reverse().find((e) => e.event === 'practice.updated')!.payload as PracticeView;
const waitFor = async (ok: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

async function ringAndAnswer(scenarioId: string, trainee = 'Test Trainee'): Promise<PracticeView> {
  await call('practice.start', { scenarioId, trainee });
  const ringing = [...events].reverse().find((e) => e.event === 'call.updated' && (e.payload as CallView).state === 'ringing')!.payload as CallView;
  await call('phone.answer', { callId: ringing.id });
  return lastView();
}

const desk = useDeskThroughDispatcher('practice', { practice: true }, (s) => s.bus.subscribe((event, payload) => events.push({ event, payload })));

describe('practice mode', () => {
  it('opens only the practice store, with only synthetic scenario records, and says so', async () => {
    const info = await call('app.info', {});
    expect(info.mode).toBe('practice');
    expect(info.store.kind).toBe('practice');
    expect(fs.existsSync(path.join(desk.dir, 'practice.db'))).toBe(true);
    expect(fs.existsSync(path.join(desk.dir, 'demo.db'))).toBe(false);
    const ids = (desk.services.store.connection().prepare('SELECT id FROM patient_index').all() as { id: string }[]).map((r) => r.id);
    expect(ids.length).toBe(info.store.patients);
    expect(ids.every((id) => id.startsWith('prac-'))).toBe(true);
    // The practice store is encrypted like the live one: no plaintext names in the file.
    expect(fs.readFileSync(path.join(desk.dir, 'practice.db')).includes(Buffer.from('Maria Lopez'))).toBe(false);
  });

  it('places no real calls: no SIP account can be configured', async () => {
    const r = await desk.dispatch('phone.configure', { uri: 'sip:a@example.org', authUser: 'a', password: 'secret', server: 'wss://example.org:8443' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('forbidden');
  });

  it('validates practice arguments with coded errors', async () => {
    for (const [channel, args] of [
      ['practice.start', { scenarioId: 'Bad Id!', trainee: 'T T' }],
      ['practice.start', { scenarioId: 'booking-new-appointment', trainee: 'x' }],
      ['practice.reply', { text: '' }],
      ['practice.reply', { choice: -1 }],
      ['practice.history', { trainee: 'a\u0007b' }],
    ] as const) {
      const r = await desk.dispatch(channel, args);
      expect(r.ok ? 'ok' : r.error.code).toBe('invalidArgument');
    }
    const unknown = await desk.dispatch('practice.start', { scenarioId: 'no-such-scenario', trainee: 'Test Trainee' });
    expect(!unknown.ok && unknown.error.code).toBe('notFound');
    const notStarted = await desk.dispatch('practice.reply', { choice: 0 });
    expect(!notStarted.ok && notStarted.error.code).toBe('forbidden');
  });

  it('a booking played well: rings with a screen pop, verifies, discloses after, passes and is saved', async () => {
    const list = await call('practice.scenarios', {});
    expect(list.length).toBeGreaterThanOrEqual(10);
    const view = await ringAndAnswer('booking-new-appointment', 'Alex Trainee');
    const pop = [...events].reverse().find((e) => e.event === 'call.screenPop')!.payload as ScreenPop;
    expect(pop.matches.map((m) => m.patientId)).toEqual(['prac-maria-lopez']);
    expect(view.phase).toBe('onCall');
    expect(view.captions.map((c) => c.text)).toEqual(["Hi, this is Maria Lopez. I'd like to book a check-up with Dr. Example, please."]);
    await call('practice.reply', { choice: view.replies.findIndex((r) => r.text.includes('date of birth')) });
    expect(lastView().captions.at(-1)!.text).toContain('born the twelfth of March 1985');
    await call('verification.check', { patientId: 'prac-maria-lopez', identifier: 'name', value: 'Maria Lopez' });
    await call('verification.check', { patientId: 'prac-maria-lopez', identifier: 'birthDate', value: '1985-03-12' });
    expect(lastView().captions.at(-1)!.text).toContain('sort that out');
    const done = await call('practice.reply', { text: 'The first opening is Tuesday at 9, December 8. Shall I book it?' });
    expect(done.phase).toBe('finished');
    expect(done.report!.passed).toBe(true);
    expect(done.report!.items.find((i) => i.id === 'verifyFirst')!.result).toBe('pass');
    expect(done.report!.items.find((i) => i.id === 'holdEtiquette')!.result).toBe('na');
    await waitFor(() => desk.services.phone.state().calls.length === 0);
    const history = (await call('practice.history', { trainee: 'Alex Trainee' })).attempts;
    expect(history.map((h) => [h.scenarioId, h.passed, h.percent])).toEqual([['booking-new-appointment', true, done.report!.percent]]);
    // The synthetic record's reads went through the audit log like a live call's.
    const audit = desk.services.audit.recent(20).map((e) => JSON.stringify(e));
    expect(audit.some((e) => e.includes('screen pop for an incoming call'))).toBe(true);
    expect(audit.some((e) => e.includes('identity verified'))).toBe(true);
    await call('practice.dismiss', {});
  });

  it('a disclosure before verification is an automatic fail', async () => {
    const view = await ringAndAnswer('billing-double-charge', 'Blake Trainee');
    const done = await call('practice.reply', { choice: view.replies.findIndex((r) => r.text.includes('$420')) });
    expect(done.report!.passed).toBe(false);
    expect(done.report!.autoFailed).toContain('verifyFirst');
    await call('practice.dismiss', {});
  });

  it('a distressed caller escalated to the crisis counsellor through the real escalation service, with a hold on the simulated phone', async () => {
    const view = await ringAndAnswer('distressed-crisis-counsellor', 'Blake Trainee');
    await call('practice.reply', { choice: view.replies.findIndex((r) => r.text.startsWith('It sounds like')) });
    expect(lastView().captions.at(-1)!.text).toContain('no reason to live');
    const r = await call('escalation.start', {
      callId: view.callId,
      escalation: 'crisisCounsellor',
      reason: 'distress',
    });
    expect(r.kind).toBe('conference');
    const done = lastView();
    expect(done.phase).toBe('finished');
    expect(done.report!.items.find((i) => i.id === 'crisisCounsellor')!.result).toBe('pass');
    expect(done.report!.passed).toBe(true);
    await waitFor(() => desk.services.phone.state().calls.length === 0);
    // Everyone's history is a team lead's review: a trainee's desk refuses it; a lead's practice desk on the same store shows it.
    expect(await desk.dispatch('practice.history', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const lead = await createServices({ dataDir: desk.dir, transport: 'bridge', practice: true, appRole: 'teamLead' });
    try {
      const all = await createDispatch(buildHandlers(lead))('practice.history', {});
      expect(all.ok && (all.value as { attempts: PracticeAttempt[] }).attempts.map((a) => a.trainee)).toEqual([
        'Blake Trainee',
        'Blake Trainee',
        'Alex Trainee',
      ]);
    } finally {
      await lead.close();
    }
    await call('practice.dismiss', {});
  });

  it('a verified billing caller handed to the billing specialist: a simulated blind transfer, scored as the escalation', async () => {
    const view = await ringAndAnswer('billing-double-charge', 'Casey Trainee');
    await call('practice.reply', { text: 'Before I look at your record, may I have your full name and date of birth?' });
    await call('verification.check', { patientId: 'prac-helen-park', identifier: 'name', value: 'Helen Park' });
    await call('verification.check', { patientId: 'prac-helen-park', identifier: 'birthDate', value: '1990-07-04' });
    await call('practice.reply', { text: "I understand this bill isn't what you expected. Let's fix it." });
    const r = await call('escalation.start', { callId: view.callId, escalation: 'billingSpecialist', reason: 'billingDispute' });
    expect(r.kind).toBe('blind');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const done = lastView();
    expect(done.report!.outcome).toBe('escalated');
    expect(done.report!.passed).toBe(true);
    expect(done.report!.items.filter((i) => i.result !== 'pass').map((i) => i.id)).toEqual([]);
    const ended = [...events].reverse().find((e) => e.event === 'call.updated' && (e.payload as CallView).id === view.callId)!.payload as CallView;
    expect(ended.endReason).toBe('transferred to billing (simulated)');
    await call('practice.dismiss', {});
  });

  it('a transfer from the call bar (no escalation) ends the practice call', async () => {
    const view = await ringAndAnswer('specialist-referral');
    await call('phone.transfer', { callId: view.callId, target: 'reception' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lastView().report!.outcome).toBe('agentEnded');
    await call('practice.dismiss', {});
  });

  it('a caller hanging up after one call ends does not cut off the next practice call', async () => {
    const first = await ringAndAnswer('billing-double-charge');
    await call('practice.reply', { choice: first.replies.findIndex((r) => r.text.includes('$420')) });
    await call('practice.dismiss', {});
    const next = await ringAndAnswer('booking-new-appointment');
    await new Promise((r) => setTimeout(r, 2000));
    expect(desk.services.phone.state().calls.map((c) => c.id)).toEqual([next.callId]);
    await call('phone.hangup', { callId: next.callId });
    await call('practice.dismiss', {});
  });

  it('hanging up early ends the practice call and scores it', async () => {
    const view = await ringAndAnswer('reschedule-appointment');
    await call('phone.hold', { callId: view.callId, hold: true });
    await call('phone.hangup', { callId: view.callId });
    const done = lastView();
    expect(done.report!.outcome).toBe('agentEnded');
    expect(done.report!.items.find((i) => i.id === 'holdEtiquette')!.result).toBe('fail');
    expect(done.report!.passed).toBe(false);
  });

  it('a protected fact paraphrased before verification is a disclosure: the date, time and place in other words', async () => {
    await call('practice.dismiss', {});
    const view = await ringAndAnswer('reschedule-appointment', 'Drew Trainee');
    const after = await call('practice.reply', { text: 'PT on the third, 2pm, at Riverside' });
    if (after.phase !== 'finished') await call('phone.hangup', { callId: view.callId });
    const report = lastView().report!;
    expect(report.items.find((i) => i.id === 'verifyFirst')!.result).toBe('fail');
    expect(report.autoFailed).toContain('verifyFirst');
    await call('practice.dismiss', {});
  });

  it("an empathy line and the caller's own details said back are not disclosures", async () => {
    const view = await ringAndAnswer('reschedule-appointment', 'Drew Trainee');
    await call('practice.reply', { choice: view.replies.findIndex((r) => r.text.includes('date of birth')) });
    expect(lastView().captions.at(-1)!.text).toContain('thirtieth of November 1972');
    await call('practice.reply', { text: 'Thank you, Daniel Okafor, born the thirtieth of November 1972. I understand, let me help.' });
    await call('phone.hangup', { callId: view.callId });
    expect(lastView().report!.items.find((i) => i.id === 'verifyFirst')!.result).toBe('pass');
    await call('practice.dismiss', {});
  });

  it('the picker lists only what the queue would tell (caller, reason); the expected handling comes after the call', async () => {
    const list = await call('practice.scenarios', {});
    const spouse = list.find((l) => l.id === 'social-engineering-spouse')!;
    expect(Object.keys(spouse).sort()).toEqual(['brief', 'caller', 'id', 'title']);
    expect(spouse.caller).toBe('Mark');
    for (const l of list) expect(JSON.stringify(l.brief)).not.toMatch(/refuse|privacy officer|verify|flag|escalat|not on file|no consent|niéguese|verifí/i);
    const view = await ringAndAnswer('social-engineering-spouse', 'Erin Trainee');
    expect(view.handling).toBeNull();
    expect(view.title).toBeNull();
    await call('phone.hangup', { callId: view.callId });
    expect(lastView().handling!.en).toContain('privacy officer');
    expect(lastView().title!.en).toContain('spouse');
    await call('practice.dismiss', {});
  });

  it("the 'spouse': refused, the red flag raised and the privacy officer brought in before the call ends — every item passes", async () => {
    const view = await ringAndAnswer('social-engineering-spouse', 'Erin Trainee');
    await call('practice.reply', { choice: view.replies.findIndex((r) => r.text.includes('full name')) });
    expect(lastView().captions.at(-1)!.text).toContain('posts her birthday');
    await call('verification.caller', { patientId: 'prac-claire-dubois', kind: 'proxy', name: 'Mark Dubois' });
    expect(lastView().captions.at(-1)!.text).toContain('Not on file?');
    await call('verification.flag', { patientId: 'prac-claire-dubois', flag: 'publicInfoOnly', on: true });
    const refused = await call('practice.reply', {
      choice: lastView().replies.findIndex((r) => r.text.startsWith("I'm sorry, I can only discuss")),
    });
    // Refusing does not end the call: the caller pushes back, and the trainee can still escalate.
    expect(refused.phase).toBe('onCall');
    expect(refused.replies.map((r) => r.text).join(' ')).toContain('privacy officer');
    await call('escalation.start', { callId: view.callId, escalation: 'privacyOfficer', reason: 'privacyConcern' });
    await waitFor(() => lastView().phase === 'finished');
    const report = lastView().report!;
    expect(report.items.map((i) => [i.id, i.result])).toEqual([
      ['noDisclosure', 'pass'],
      ['privacyOfficer', 'pass'],
      ['redFlag', 'pass'],
      ['noTriggers', 'pass'],
      ['handleTime', 'pass'],
      ['outcome', 'pass'],
    ]);
    expect(report.passed).toBe(true);
    await waitFor(() => desk.services.phone.state().calls.length === 0);
    await call('practice.dismiss', {});
  });

  it("the 'spouse' refused without the red flag or the privacy officer: those items fail and the call is not passed", async () => {
    const view = await ringAndAnswer('social-engineering-spouse', 'Erin Trainee');
    await call('practice.reply', { choice: view.replies.findIndex((r) => r.text.includes('full name')) });
    await call('verification.caller', { patientId: 'prac-claire-dubois', kind: 'proxy', name: 'Mark Dubois' });
    await call('practice.reply', { choice: lastView().replies.findIndex((r) => r.text.startsWith("I'm sorry, I can only discuss")) });
    const done = await call('practice.reply', { choice: lastView().replies.findIndex((r) => r.text.includes('goodbye')) });
    expect(done.report!.outcome).toBe('refused');
    expect(done.report!.items.filter((i) => i.result === 'fail').map((i) => i.id)).toEqual(['privacyOfficer', 'redFlag']);
    expect(done.report!.passed).toBe(false);
    await waitFor(() => desk.services.phone.state().calls.length === 0);
    await call('practice.dismiss', {});
  });

  it('a parent is checked as on file (the related person), then on the child’s identifiers; the advice says so, not "the caller\'s date of birth"', async () => {
    // Checked as the patient: the identifiers match, but the caller was never checked as the mother on file.
    const view = await ringAndAnswer('minor-parent', 'Erin Trainee');
    expect(view.replies.find((r) => r.text.includes('full name'))!.text).toContain("Lily's full name and date of birth");
    await call('verification.check', { patientId: 'prac-lily-novak', identifier: 'name', value: 'Lily Novak' });
    await call('verification.check', { patientId: 'prac-lily-novak', identifier: 'birthDate', value: '2017-03-03' });
    await call('phone.hangup', { callId: view.callId });
    let item = lastView().report!.items.find((i) => i.id === 'identifiers')!;
    expect(item.result).toBe('fail');
    expect(item.guidance).toEqual({ kind: 'identifiers', caller: 'proxy', relationship: 'mother', identifiers: ['name', 'birthDate'] });
    expect(item.advice).toBeNull();
    await call('practice.dismiss', {});
    // Checked as the mother on file, then the child's identifiers: passes.
    await ringAndAnswer('minor-parent', 'Erin Trainee');
    await call('verification.caller', { patientId: 'prac-lily-novak', kind: 'proxy', name: 'Eva Novak' });
    // The mother proves who she is on her own record, then the child's identifiers.
    await call('verification.check', { patientId: 'prac-lily-novak', identifier: 'name', value: 'Eva Novak', subject: 'caller' });
    await call('verification.check', { patientId: 'prac-lily-novak', identifier: 'birthDate', value: '1986-11-02', subject: 'caller' });
    await call('verification.check', { patientId: 'prac-lily-novak', identifier: 'name', value: 'Lily Novak' });
    await call('verification.check', { patientId: 'prac-lily-novak', identifier: 'birthDate', value: '2017-03-03' });
    await call('practice.reply', { choice: lastView().replies.findIndex((r) => r.text.includes('ENT')) });
    item = lastView().report!.items.find((i) => i.id === 'identifiers')!;
    expect(item.result).toBe('pass');
    expect(lastView().report!.passed).toBe(true);
    await waitFor(() => desk.services.phone.state().calls.length === 0);
    await call('practice.dismiss', {});
  });

  it('the live desk refuses practice channels', async () => {
    const live = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-live-'));
    const s = await createServices({ dataDir: live, transport: 'bridge', demoPatients: 5 });
    try {
      const r = await createDispatch(buildHandlers(s))('practice.scenarios', {});
      expect(!r.ok && r.error.code).toBe('forbidden');
    } finally {
      await s.close();
      fs.rmSync(live, { recursive: true, force: true });
    }
  });
});
