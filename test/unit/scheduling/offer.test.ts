// How the panel offers a slot and what it searches: the next available said with when, whom and where in the agent's
// language (Intl dates, never "the doctor is full"); the form's defaults (from now, 30 days) and how a search widens.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../../shared/locales/en.json';
import ar from '../../../shared/locales/ar.json';
import { MAX_SEARCH_DAYS, SlotQuerySchema, type SlotView } from '../../../shared/domain/scheduling';
import { defaultCriteria, toQuery, widened } from '../../../renderer/src/features/scheduling/criteria';
import { offerLine, searchEnd, slotWhen } from '../../../renderer/src/features/scheduling/offer';

const slot = (patch: Partial<SlotView> = {}): SlotView => ({
  id: 's1',
  version: '1',
  start: '2026-12-07T09:00:00.000Z',
  end: '2026-12-07T09:30:00.000Z',
  serviceType: null,
  practitioner: { id: 'p1', name: 'Dr Kim' },
  location: { id: 'l1', name: 'Riverside Clinic' },
  instructions: null,
  ...patch,
});

async function translator(lng: 'en' | 'ar') {
  const i18n = i18next.createInstance();
  await i18n.init({ lng, resources: { en: { translation: en }, ar: { translation: ar } }, interpolation: { escapeValue: false } });
  return i18n.t.bind(i18n);
}

describe('the offer', () => {
  it('says the next available with when, whom and where, leaving out what is not known', async () => {
    const t = await translator('en');
    const when = slotWhen(slot().start, 'en');
    expect(when).toMatch(/Monday/);
    expect(offerLine(t, slot(), 'en')).toBe(`The next available is ${when} with Dr Kim at Riverside Clinic.`);
    expect(offerLine(t, slot({ location: null }), 'en')).toBe(`The next available is ${when} with Dr Kim.`);
    expect(offerLine(t, slot({ practitioner: null }), 'en')).toBe(`The next available is ${when} at Riverside Clinic.`);
    expect(offerLine(t, slot({ practitioner: null, location: null }), 'en')).toBe(`The next available is ${when}.`);
    // The day a search ended on is its last day (the range's end is exclusive).
    expect(searchEnd('2026-12-08T00:00:00.000Z', 'en-GB')).toBe(
      new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date('2026-12-07T23:59:59.999Z')),
    );
  });

  it('in Arabic, with the date in Arabic', async () => {
    const t = await translator('ar');
    const line = offerLine(t, slot(), 'ar');
    expect(line).toContain('أقرب موعد متاح هو');
    expect(line).toContain(slotWhen(slot().start, 'ar'));
    expect(slotWhen(slot().start, 'ar')).toMatch(/الاثنين/);
  });
});

describe('the search', () => {
  const now = new Date(2026, 11, 3, 14, 30);

  it('by default looks from now for 30 days, a query main accepts', () => {
    const c = defaultCriteria(now);
    const q = toQuery(c, now);
    expect(q.from).toBe(now.toISOString());
    expect(Date.parse(q.to)).toBe(new Date(2026, 11, 3 + 31).getTime());
    expect(SlotQuerySchema.safeParse(q).success).toBe(true);
    expect(toQuery({ ...c, practitionerId: 'p1', serviceType: '394814009' }, now)).toMatchObject({ practitionerId: 'p1', serviceType: '394814009' });
  });

  it('widens 30 days at a time, the start moving on before the span passes the longest allowed; or to anyone anywhere', () => {
    let c = defaultCriteria(now);
    for (let i = 0; i < 6; i += 1) {
      c = widened(c, 'later', MAX_SEARCH_DAYS);
      expect(SlotQuerySchema.safeParse(toQuery(c, now)).success).toBe(true);
    }
    expect(c.toDate > defaultCriteria(now).toDate).toBe(true);
    expect(widened({ ...c, practitionerId: 'p1', locationId: 'l1' }, 'anyone', MAX_SEARCH_DAYS)).toMatchObject({ practitionerId: '', locationId: '' });
  });
});
