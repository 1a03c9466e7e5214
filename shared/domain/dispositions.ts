/**
 * The wrap-up's dispositions come from a data file (assets/wrap-up/dispositions.json), not a list in code: each
 * with its label in the six languages, whether it counts as resolved on first contact (the team KPIs), and whether
 * it needs a follow-up (required, optional or none) and of which kind. This module holds the file's schema and the
 * catalog main and the page read it through.
 */
import { z } from 'zod';
import dispositionsFile from '../../assets/wrap-up/dispositions.json';
import { LANGUAGE_CODES, type LanguageCode } from '../i18n/languages';

/** A disposition's code as the wrap-up, the contact records and the server's copies carry it. */
export const DispositionCode = z.string().regex(/^[a-z][A-Za-z0-9]{1,47}$/, 'a disposition code is a word of letters and digits');
export const FOLLOW_UP_KINDS = ['callback', 'billing-dispute', 'referral-follow-up'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

const Label = z.string().trim().min(1).max(80);
const Labels = z.object(Object.fromEntries(LANGUAGE_CODES.map((l) => [l, Label])) as Record<LanguageCode, typeof Label>).strict();

const DispositionSchema = z
  .object({
    code: DispositionCode,
    label: Labels,
    /** What it means, for the people who keep the file (not shown to the agent). */
    meaning: z.string().max(400).optional(),
    firstContactResolution: z.boolean(),
    followUp: z.enum(['none', 'optional', 'required']),
    followUpKind: z.enum(FOLLOW_UP_KINDS).optional(),
  })
  .strict()
  .refine((d) => d.followUp === 'none' || d.followUpKind !== undefined, {
    error: 'a disposition that offers a follow-up names its kind',
    path: ['followUpKind'],
  });
export type DispositionDef = z.infer<typeof DispositionSchema>;

export const DispositionsFileSchema = z
  .object({
    $comment: z.string().optional(),
    dispositions: z.array(DispositionSchema).min(1).max(60),
  })
  .strict()
  .refine((f) => new Set(f.dispositions.map((d) => d.code)).size === f.dispositions.length, {
    error: 'each disposition code appears once',
    path: ['dispositions'],
  });

/** The dispositions as loaded: looked up by code; an unknown code is nothing (never a wrong meaning). */
export class DispositionCatalog {
  private readonly byCode: ReadonlyMap<string, DispositionDef>;

  constructor(readonly all: readonly DispositionDef[]) {
    this.byCode = new Map(all.map((d) => [d.code, d]));
  }

  get(code: string | null | undefined): DispositionDef | null {
    return code ? (this.byCode.get(code) ?? null) : null;
  }

  has(code: string | null | undefined): boolean {
    return this.get(code) !== null;
  }

  /** Whether a call with this disposition counts as resolved on first contact. */
  resolvesOnFirstContact(code: string | null | undefined): boolean {
    return this.get(code)?.firstContactResolution ?? false;
  }

  requiresFollowUp(code: string | null | undefined): boolean {
    return this.get(code)?.followUp === 'required';
  }

  /** The label in `language`, else English, else the code itself. */
  label(code: string, language: string): string {
    const d = this.get(code);
    if (!d) return code;
    return (LANGUAGE_CODES as readonly string[]).includes(language) ? d.label[language as LanguageCode] : d.label.en;
  }
}

/** The file as shipped, checked when this module loads: a broken file stops the app at start-up, saying why. */
export function parseDispositionsFile(json: unknown, where = 'assets/wrap-up/dispositions.json'): DispositionDef[] {
  const parsed = DispositionsFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  return parsed.data.dispositions;
}

export const DISPOSITIONS = new DispositionCatalog(parseDispositionsFile(dispositionsFile));
