// Disclosure of a scenario's protected facts in any wording, read against the shipped scenarios'
// own FHIR records: dates in every format, times, places, amounts, clinicians, related persons and
// the scenario's protectedFacts — and lines that merely sound like them (empathy, generic words,
// the caller's own words said back) are not disclosures. In English and in Spanish.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../../electron/practice/scenario-files';
import { disclosedFacts, parseNumber, scenarioFacts } from '../../../shared/practice/disclosure';
import type { Scenario } from '../../../shared/practice/schema';

const scenarios = new Map(loadScenarios(path.resolve(__dirname, '../../../assets')).map((s) => [s.id, s]));
const scenario = (id: string): Scenario => scenarios.get(id)!;
const givesAway = (id: string, line: string, callerSaid: string[] = []) => disclosedFacts(line, scenarioFacts(scenario(id)), callerSaid).map((f) => f.source);

describe('protected facts come from the scenario records, not a fixed list', () => {
  it('derives dates, times, weekdays, places, clinicians and amounts from the FHIR resources', () => {
    const facts = scenarioFacts(scenario('reschedule-appointment'));
    expect(facts).toContainEqual({ kind: 'date', source: 'Appointment/prac-daniel-appt-1 start', year: 2026, month: 12, day: 3, weekday: 4 });
    expect(facts).toContainEqual({ kind: 'time', source: 'Appointment/prac-daniel-appt-1 start', hour: 14, minute: 0, definite: true });
    const place = facts.find((f) => f.kind === 'words' && f.phrases.includes('riverside'));
    expect(place?.source).toBe('Appointment/prac-daniel-appt-1 participant');
    const billing = scenarioFacts(scenario('billing-double-charge'));
    expect(billing.filter((f): f is Extract<(typeof billing)[number], { kind: 'amount' }> => f.kind === 'amount').map((f) => f.cents)).toEqual(
      expect.arrayContaining([42000, 21000]),
    );
  });

  it('reads numbers written in words, in English and Spanish', () => {
    expect(parseNumber('four hundred and twenty')).toBe(420);
    expect(parseNumber('cuatrocientos veinte')).toBe(420);
    expect(parseNumber('one thousand two hundred fifty')).toBe(1250);
    expect(parseNumber('1,250.50')).toBe(1250.5);
    expect(parseNumber('hello')).toBeNull();
  });
});

describe('a physiotherapy appointment on Thursday 3 December 2026 at 14:00, at Riverside (English)', () => {
  const id = 'reschedule-appointment';
  const disclosing = [
    'PT on the third, 2pm, at Riverside',
    "You're booked on the 3rd.",
    "It's on December 3.",
    'That is Dec. 3rd, right?',
    'The third of December works.',
    'I see 12/3 on the schedule.',
    'Your slot is 3/12.',
    'The record says 2026-12-03.',
    "It's this Thursday.",
    'See you at 14:00.',
    'It starts at two o’clock.',
    "It's at 2 p.m.",
    "It's at two in the afternoon.",
    'Your session is at 2:00.',
    'Please head to the Riverside Physiotherapy Centre.',
    'Your physiotherapy session is booked.',
    'You are seeing Dr. Example.',
    'Your slot is at 1400 hours.',
    "It's Thurs. at two.",
    'December the 3rd, half past nothing: at 2 then.',
    'It is two o’clock in the afternoon on the third.',
  ];
  for (const line of disclosing)
    it(`gives away: "${line}"`, () => {
      expect(givesAway(id, line)).not.toEqual([]);
    });

  const harmless = [
    'I understand, it sounds like a stressful week. Let me help.',
    'Before I look at your record, may I have your full name and date of birth?',
    'Thank you so much for waiting.',
    'One moment please, I am checking that for you.',
    'I am sorry, this is the third time you had to explain.',
    'Give me a second.',
    'I can help at any time today.',
    'We have two options for you.',
    'May I put you on hold for a moment?',
    'For example, I can call you back.',
  ];
  for (const line of harmless)
    it(`is not a disclosure: "${line}"`, () => {
      expect(givesAway(id, line)).toEqual([]);
    });

  it("the caller's own words said back are not a disclosure; a new fact still is", () => {
    const caller = ['Of course. Daniel Okafor, thirtieth of November 1972.'];
    expect(givesAway(id, 'Thank you — born the thirtieth of November 1972, is that right?', caller)).toEqual([]);
    expect(givesAway(id, 'Thank you — born the thirtieth of November 1972, is that right?')).toEqual(['Patient/prac-daniel-okafor birthDate']);
    expect(givesAway(id, 'Your Thursday slot is at 2pm.', ['My appointment on Thursday, can I move it?'])).not.toEqual([]);
  });
});

describe('other records: amounts, places, clinicians, related persons', () => {
  it('an account balance of $420 and invoices of $210, in any wording', () => {
    for (const line of [
      'You owe $420.',
      'The balance is 420 dollars.',
      'That comes to four hundred and twenty dollars.',
      'Two charges of $210.00 each.',
      'The balance is 420.',
      'USD 420 is outstanding.',
      'Son 420 dólares.',
      'Son cuatrocientos veinte dólares.',
    ]) {
      expect(givesAway('billing-double-charge', line), line).not.toEqual([]);
    }
    for (const line of [
      'I understand how worrying a double charge is.',
      'I can look into that for you once I have verified you.',
      'It may take 3 to 5 business days.',
    ]) {
      expect(givesAway('billing-double-charge', line), line).toEqual([]);
    }
  });

  it("a referral to Children's Hospital Colorado, a parent on file", () => {
    expect(givesAway('minor-parent', 'It went to the Colorado children’s hospital.')).not.toEqual([]);
    expect(givesAway('minor-parent', 'The paediatric team will call you.')).not.toEqual([]);
    expect(givesAway('minor-parent', 'Is this Eva Novak?')).not.toEqual([]);
    expect(givesAway('minor-parent', 'Thanks, Eva Novak.', ["Hi, I'm Eva Novak, Lily Novak's mum."])).toEqual([]);
    expect(givesAway('minor-parent', 'Can I have Lily’s full name and date of birth?')).toEqual([]);
  });

  it('the patient’s address and a women’s health appointment (Wednesday 9 December at 11)', () => {
    for (const line of [
      'She lives on Collins Avenue.',
      'We have 2100 Collins on file.',
      'It is on Wednesday.',
      'December 9 at 11.',
      "It's at eleven.",
      'It is at the women’s health clinic.',
    ]) {
      expect(givesAway('social-engineering-spouse', line), line).not.toEqual([]);
    }
    expect(givesAway('social-engineering-spouse', 'I can only discuss this with Claire herself.')).toEqual([]);
  });
});

describe('a diabetes review on Friday 11 December 2026 at 08:00 (Spanish)', () => {
  const id = 'spanish-interpreter';
  const caller = ['¡Gracias! Me llamo José Martínez, nací el 17 de junio de 1963. Quiero saber cuándo es mi cita de diabetes.'];
  const disclosing = [
    'Es el viernes 11 a las 8.',
    'Es a las ocho en punto.',
    'Es a las 08:00 horas.',
    'Su cita es el 11 de diciembre.',
    'Es el once de diciembre.',
    'Es el viernes.',
    'Es a las ocho de la mañana.',
    'Es a las 8:00.',
    'Le toca el día 11.',
    'Es el 11/12.',
    'Your appointment is at 8 in the morning.',
  ];
  for (const line of disclosing)
    it(`gives away: "${line}"`, () => {
      expect(givesAway(id, line, caller)).not.toEqual([]);
    });
  const harmless = [
    'Lo siento mucho, entiendo que es frustrante.',
    'Un momento, le conecto con un intérprete médico en español.',
    '¿Me puede dar su nombre completo y su fecha de nacimiento?',
    'Gracias, José Martínez, nacido el 17 de junio de 1963.',
    'Su cita de diabetes, un momento por favor.',
    'Muchas gracias por su paciencia.',
  ];
  for (const line of harmless)
    it(`is not a disclosure: "${line}"`, () => {
      expect(givesAway(id, line, caller)).toEqual([]);
    });
});

describe('what the team lead wrote for agents to say is never a disclosure', () => {
  it('every empathy prompt and every coach suggestion, in every language, against every scenario', () => {
    const dir = path.resolve(__dirname, '../../../assets/prompts');
    const lines = fs.readdirSync(dir).flatMap((f) => {
      const pack = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { prompts?: { text: string }[]; triggers?: { instead: string[] }[] };
      return [...(pack.prompts ?? []).map((p) => p.text), ...(pack.triggers ?? []).flatMap((t) => t.instead)];
    });
    expect(lines.length).toBeGreaterThan(50);
    const found = [...scenarios.values()].flatMap((s) => lines.filter((l) => disclosedFacts(l, scenarioFacts(s)).length > 0).map((l) => `${s.id}: ${l}`));
    expect(found).toEqual([]);
  });
});
