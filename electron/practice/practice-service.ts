/**
 * A practice call: rings the simulated caller in on the simulated phone, feeds what the trainee does
 * (answer, lines said or chosen, the identity check settling, escalations, holds, hanging up) to the
 * scenario engine, pushes the caller's lines as captions, and at the end scores the call and saves
 * it to the trainee's history in the practice store.
 */
import type { Escalation } from '../../shared/escalation/targets';
import { CodedError } from '../../shared/errors';
import type { TriggerPack } from '../../shared/guidance/coach';
import type { PromptPack } from '../../shared/guidance/prompts';
import type { LanguageCode } from '../../shared/i18n/languages';
import { analyseReply, empathyPhrases, type Lexicon } from '../../shared/practice/analyse-reply';
import { scenarioFacts, type Fact } from '../../shared/practice/disclosure';
import { applyEvent, currentTurn, startPractice, turnById, type PracticeEvent, type PracticeState } from '../../shared/practice/engine';
import { localise, type Scenario } from '../../shared/practice/schema';
import { scorePractice, type PracticeReport } from '../../shared/practice/score';
import type { PracticeAttempt, PracticeView, ScenarioListing } from '../../shared/practice/view';
import type { VerificationState } from '../../shared/verification/state';
import type { Identifier } from '../../shared/verification/policy';
import type { PracticeAttemptRepository } from '../cache';
import type { DomainEventBus } from '../main/domain-events';
import type { SimulatedCallEvent, SimulatedPhone } from './simulated-phone';
import { randomUUID } from 'node:crypto';
import { NO_WRITE_BACK, type WriteBack } from '../ehr/write-back';
import { practiceAttemptWrite } from '../ehr/write-back-mapping';

/** How long the caller's last line stays on the line before they hang up. */
const HANG_UP_AFTER_MS = 1500;
/** A transfer that is part of an escalation is scored as that escalation, which is reported just after it. */
const TRANSFER_SETTLES_MS = 200;

interface Session {
  scenario: Scenario;
  trainee: string;
  callId: string;
  startedAt: Date;
  state: PracticeState;
  lexicon: Lexicon;
  facts: Fact[];
  report: PracticeReport | null;
}

export interface PracticeDeps {
  scenarios: Scenario[];
  phone: SimulatedPhone;
  /** The practice store's history of finished practice calls. */
  attempts: PracticeAttemptRepository<PracticeReport>;
  events: DomainEventBus;
  triggerPacks: Map<LanguageCode, TriggerPack>;
  promptPacks: Map<LanguageCode, PromptPack>;
  /** The outbox to the site's FHIR server (each finished attempt goes there too); none without a server. */
  writeBack?: WriteBack;
  now?: () => number;
}

export class PracticeService {
  private session: Session | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: PracticeDeps) {
    this.now = deps.now ?? Date.now;
    deps.phone.onCallEvent((e) => {
      this.onCallEvent(e);
    });
  }

  scenarios(): ScenarioListing[] {
    return this.deps.scenarios.map((s) => ({ id: s.id, title: s.title, caller: s.caller.displayName, brief: s.brief }));
  }

  start(scenarioId: string, trainee: string): PracticeView {
    if (this.session && !this.session.state.outcome) throw new CodedError('forbidden', 'A practice call is already in progress');
    const scenario = this.deps.scenarios.find((s) => s.id === scenarioId);
    if (!scenario) throw new CodedError('notFound', 'No such practice scenario');
    this.deps.phone.endAll('practice restarted');
    const session: Session = {
      scenario,
      trainee,
      callId: '',
      startedAt: new Date(this.now()),
      state: startPractice(scenario),
      lexicon: this.lexicon(scenario.language),
      facts: scenarioFacts(scenario),
      report: null,
    };
    this.session = session;
    session.callId = this.deps.phone.ringIn(scenario.caller).id;
    return this.publish();
  }

  /** A line the trainee typed, or one of the suggested replies (by index). */
  reply(input: { text: string } | { choice: number }): PracticeView {
    const s = this.active();
    if (s.state.answeredAt === null) throw new CodedError('forbidden', 'Answer the call first');
    const turn = currentTurn(s.scenario, s.state);
    const choice = 'choice' in input ? turn.replies[input.choice] : null;
    if ('choice' in input && !choice) throw new CodedError('invalidArgument', 'No such suggested reply');
    const text = choice ? localise(choice.text, s.scenario.language) : (input as { text: string }).text;
    // What the caller has said so far, in their language and in English (the interpreter's words).
    const callerSaid = s.state.lines.flatMap((l) => {
      const t = turnById(s.scenario, l.turnId);
      const line = l.nudge && t.nudge ? t.nudge : t.say;
      return [...new Set([localise(line, s.scenario.language), line.en])];
    });
    const analysis = analyseReply(text, {
      replies: turn.replies,
      choice: choice ?? null,
      facts: s.facts,
      callerSaid,
      language: s.scenario.language,
      lexicon: s.lexicon,
    });
    return this.apply({ type: 'reply', at: this.now(), actions: analysis.actions, intent: analysis.intent });
  }

  view(): PracticeView | null {
    return this.session ? this.toView(this.session) : null;
  }

  /** Back to the scenario picker once a call is over. */
  dismiss(): true {
    if (this.session && !this.session.state.outcome) throw new CodedError('forbidden', 'The practice call is still in progress');
    this.session = null;
    this.deps.events.emit('practice.changed', null);
    return true;
  }

  history(trainee: string | null): PracticeAttempt[] {
    return this.deps.attempts.list(trainee);
  }

  /** The identity check settled on the practice call's patient. */
  verificationSettled(v: VerificationState): void {
    const s = this.session;
    if (!s || s.state.outcome || v.patientId !== s.scenario.patientId || v.status === 'unverified') return;
    const matched = Object.entries(v.results)
      .filter(([, r]) => r === 'match')
      .map(([id]) => id) as Identifier[];
    const caller = v.caller.kind === 'self' ? ({ kind: 'self' } as const) : ({ kind: 'proxy', relatedPersonId: v.caller.relatedPersonId } as const);
    // Red flags never end the call, so the check settles on the call still going.
    this.redFlagsChanged(v);
    this.apply({ type: 'verification', at: this.now(), status: v.status, matched, caller });
  }

  /** The red flags on the practice call's identity check, after a change (raised or cleared). */
  redFlagsChanged(v: VerificationState): void {
    const s = this.session;
    if (!s || s.state.outcome || s.state.answeredAt === null || v.patientId !== s.scenario.patientId) return;
    const same = v.redFlags.length === s.state.redFlags.length && v.redFlags.every((f) => s.state.redFlags.includes(f));
    if (!same) this.apply({ type: 'redFlags', at: this.now(), flags: [...v.redFlags] });
  }

  escalated(escalation: Escalation): void {
    if (this.session && !this.session.state.outcome) this.apply({ type: 'escalated', at: this.now(), escalation });
  }

  private onCallEvent(e: SimulatedCallEvent): void {
    const s = this.session;
    if (!s || s.callId !== e.callId || s.state.outcome) return;
    const at = this.now();
    if (e.type === 'answered') this.apply({ type: 'answered', at });
    else if (e.type === 'hold') this.apply({ type: e.hold ? 'hold' : 'resume', at });
    else if (e.type === 'endedByAgent') this.apply({ type: 'agentHungUp', at });
    else {
      // The caller left the trainee's line: unless an escalation ended the scenario, the call ends here.
      setTimeout(() => {
        if (this.session === s && !s.state.outcome) this.apply({ type: 'agentHungUp', at });
      }, TRANSFER_SETTLES_MS).unref();
    }
  }

  private apply(event: PracticeEvent): PracticeView {
    const s = this.active();
    s.state = applyEvent(s.scenario, s.state, event).state;
    if (s.state.outcome && !s.report) this.finish(s);
    return this.publish();
  }

  private finish(s: Session): void {
    s.report = scorePractice(s.scenario, s.state);
    const attempt = {
      trainee: s.trainee,
      scenarioId: s.scenario.id,
      startedAt: s.startedAt.toISOString(),
      endedAt: new Date(s.state.endedAt ?? this.now()).toISOString(),
      percent: s.report.percent,
      passed: s.report.passed,
      report: s.report,
    };
    this.deps.attempts.record(attempt);
    (this.deps.writeBack ?? NO_WRITE_BACK).create(practiceAttemptWrite({ clientId: `practice-attempt-${randomUUID()}`, ...attempt }));
    if (s.state.outcome !== 'agentEnded') {
      // The caller says their last line, then hangs up (and any simulated colleague with them).
      // A practice call started meanwhile is not touched: only this session's call ends then.
      setTimeout(() => {
        const reason = s.state.outcome === 'escalated' ? 'handed over (simulated)' : 'caller hung up';
        if (this.session === s || this.session === null) this.deps.phone.endAll(reason);
        else this.deps.phone.endCall(s.callId, reason);
      }, HANG_UP_AFTER_MS).unref();
    } else {
      this.deps.phone.endAll('hung up by agent');
    }
  }

  private active(): Session {
    if (!this.session) throw new CodedError('forbidden', 'No practice call is in progress');
    return this.session;
  }

  private publish(): PracticeView {
    const view = this.toView(this.active());
    this.deps.events.emit('practice.changed', view);
    return view;
  }

  private toView(s: Session): PracticeView {
    const lang = s.scenario.language;
    const turn = currentTurn(s.scenario, s.state);
    return {
      scenarioId: s.scenario.id,
      title: s.report ? s.scenario.title : null,
      handling: s.report ? s.scenario.handling : null,
      brief: s.scenario.brief,
      trainee: s.trainee,
      callId: s.callId,
      phase: s.state.outcome ? 'finished' : s.state.answeredAt === null ? 'ringing' : 'onCall',
      captions: s.state.lines.map((l) => {
        const t = turnById(s.scenario, l.turnId);
        return { text: localise(l.nudge && t.nudge ? t.nudge : t.say, lang), language: lang, at: new Date(l.at).toISOString(), nudge: l.nudge };
      }),
      replies: s.state.outcome || s.state.answeredAt === null ? [] : turn.replies.map((r, index) => ({ index, text: localise(r.text, lang) })),
      report: s.report,
      persona: s.report
        ? { name: s.scenario.persona.name, description: s.scenario.persona.description, mood: s.scenario.persona.mood, language: s.scenario.language }
        : null,
    };
  }

  /** The coach's phrases and the prompt packs' empathy, in English and the caller's language. */
  private lexicon(language: LanguageCode): Lexicon {
    const langs = [...new Set<LanguageCode>(['en', language])];
    const triggers = langs.map((l) => this.deps.triggerPacks.get(l)).filter((p): p is TriggerPack => !!p);
    const prompts = langs.map((l) => this.deps.promptPacks.get(l)).filter((p): p is PromptPack => !!p);
    return {
      triggers: { language, triggers: triggers.flatMap((p) => p.triggers), crisis: triggers.flatMap((p) => p.crisis) },
      empathy: prompts.flatMap((p) => empathyPhrases(p)),
    };
  }
}
