// A small scenario for the engine and scoring tests: verify, then hear about the appointment; or
// escalate a distressed caller to the crisis counsellor.
import { ScenarioSchema, type ScenarioInput } from '../../../shared/practice/schema';

export const fixtureInput: ScenarioInput = {
  id: 'fixture-booking',
  title: { en: 'Fixture' },
  brief: { en: 'Test Caller asks about an appointment.' },
  handling: { en: 'Verify, then tell the date.' },
  language: 'en',
  topics: ['booking'],
  caller: { number: '+15550100001', displayName: 'Test Caller' },
  persona: { name: 'Test Caller', mood: 'calm', description: { en: 'Calm' } },
  patientId: 'prac-fixture',
  resources: [{ resourceType: 'Patient', id: 'prac-fixture', birthDate: '1980-01-02', name: [{ family: 'Caller', given: ['Test'] }] }],
  protectedFacts: ['March 3'],
  start: 'hello',
  turns: {
    hello: {
      say: { en: 'Hi, when is my appointment?', es: 'Hola, ¿cuándo es mi cita?' },
      nudge: { en: 'Can you check please?' },
      replies: [
        { intent: 'tellDate', text: { en: 'Your appointment is on March 3.' }, discloses: true },
        { intent: 'askDob', text: { en: 'May I have your date of birth?' }, keywords: { en: ['date of birth'] } },
      ],
      next: [
        { on: 'verified', goto: 'verified' },
        { on: 'disclosed', goto: 'told' },
        { on: 'escalated', escalation: 'crisisCounsellor', goto: 'handedOver' },
        { on: 'trigger', goto: 'upset' },
      ],
    },
    upset: {
      say: { en: 'Don’t tell me to calm down!' },
      next: [
        { on: 'empathy', goto: 'hello' },
        { on: 'escalated', goto: 'handedOver' },
      ],
    },
    verified: {
      say: { en: 'Thanks. So when is it?' },
      replies: [{ intent: 'tellDate', text: { en: 'It is on March 3.' }, discloses: true }],
      next: [{ on: 'intent', intent: 'tellDate', goto: 'told' }],
    },
    told: { say: { en: 'Great, bye.' }, end: 'resolved' },
    handedOver: { say: { en: 'Thank you.' }, end: 'escalated' },
  },
  rubric: [
    { id: 'verifyFirst', kind: 'verifyBeforeDisclosure', weight: 40, autoFail: true, advice: { en: 'Verify before you disclose.' } },
    { id: 'ids', kind: 'identifiers', identifiers: ['name', 'birthDate'], weight: 20, advice: { en: 'Use name and date of birth.' } },
    { id: 'empathy', kind: 'empathy', min: 1, weight: 10, advice: { en: 'Use an empathy phrase.' } },
    { id: 'noTriggers', kind: 'noTriggerPhrases', weight: 10, advice: { en: 'Avoid trigger phrases.' } },
    { id: 'hold', kind: 'holdEtiquette', maxSeconds: 30, weight: 10, advice: { en: 'Announce holds, keep them short.' } },
    { id: 'time', kind: 'handleTime', targetSeconds: 120, weight: 10, advice: { en: 'Be quicker.' } },
  ],
};

export const fixture = ScenarioSchema.parse(fixtureInput);
