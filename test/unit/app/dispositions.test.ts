// The wrap-up's dispositions come from assets/wrap-up/dispositions.json: the shipped file is valid, its meanings
// drive the KPIs and the wrap-up's follow-up rule, and a broken file is refused saying where and why.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DispositionCatalog, DISPOSITIONS, parseDispositionsFile } from '../../../shared/domain/dispositions';
import { WrapUpSchema } from '../../../shared/domain/wrap-up';
import { LANGUAGE_CODES } from '../../../shared/i18n/languages';

const FILE = path.resolve(import.meta.dirname, '../../../assets/wrap-up/dispositions.json');
const shipped = (): { dispositions: Record<string, unknown>[] } => JSON.parse(fs.readFileSync(FILE, 'utf8')) as { dispositions: Record<string, unknown>[] };

describe('dispositions from the data file', () => {
  it('the shipped file is valid, labelled in all six languages', () => {
    const defs = parseDispositionsFile(shipped());
    expect(defs.length).toBeGreaterThanOrEqual(10);
    for (const d of defs) for (const l of LANGUAGE_CODES) expect(d.label[l].trim()).not.toBe('');
    expect(DISPOSITIONS.all.map((d) => d.code)).toEqual(defs.map((d) => d.code));
  });

  it('its meanings are what the KPIs and the wrap-up use', () => {
    expect(DISPOSITIONS.resolvesOnFirstContact('appointmentBooked')).toBe(true);
    expect(DISPOSITIONS.resolvesOnFirstContact('transferred')).toBe(false);
    expect(DISPOSITIONS.resolvesOnFirstContact('noSuchCode')).toBe(false);
    expect(DISPOSITIONS.requiresFollowUp('followUpNeeded')).toBe(true);
    expect(DISPOSITIONS.label('wrongNumber', 'de')).toBe('Falsch verbunden');
    expect(DISPOSITIONS.label('wrongNumber', 'xx')).toBe('Wrong number');
  });

  it('the wrap-up accepts only a disposition of the file', () => {
    const base = { callId: null, patientId: null, notes: '', followUpAt: null, survey: false, handleSeconds: 0, afterCallSeconds: 0 };
    expect(WrapUpSchema.safeParse({ ...base, disposition: 'resolved' }).success).toBe(true);
    const unknown = WrapUpSchema.safeParse({ ...base, disposition: 'madeUp' });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.path).toEqual(['disposition']);
  });

  it('a broken file is refused, saying where and why', () => {
    const file = shipped();
    const first = file.dispositions[0]!;
    expect(() => parseDispositionsFile({ ...file, dispositions: [...file.dispositions, first] })).toThrow(/each disposition code appears once/);
    expect(() => parseDispositionsFile({ dispositions: [{ ...first, followUp: 'required', followUpKind: undefined }] })).toThrow(/names its kind/);
    const noArabic = { ...first, label: { ...(first.label as Record<string, string>), ar: undefined } };
    expect(() => parseDispositionsFile({ dispositions: [noArabic] })).toThrow(/dispositions\.0\.label\.ar/);
    expect(() => new DispositionCatalog(parseDispositionsFile({ dispositions: [] }))).toThrow(/is invalid/);
  });
});
