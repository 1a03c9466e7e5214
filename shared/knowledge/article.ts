/**
 * The knowledge base's articles: Markdown files in `assets/knowledge/<language>/<slug>.md` with a YAML front
 * matter this schema checks (English is the source; other languages only where written). What crosses the IPC
 * boundary about them is declared here once.
 */
import { z } from 'zod';
import { CALL_REASONS, CallReasonSchema } from '../domain/call-reasons';
import { ESCALATIONS } from '../escalation/targets';
import { LANGUAGE_CODES, type LanguageCode } from '../i18n/languages';

/** The language every article is written in first; the others fall back to it. */
export const SOURCE_LANGUAGE: LanguageCode = 'en';

/** A slug: the file name without `.md`, the same in every language. */
export const ArticleSlug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug (lower-case words joined by hyphens)')
  .max(80);

/** The FHIR flag categories (http://terminology.hl7.org/CodeSystem/flag-category) an article may be suggested for. */
export const FLAG_CATEGORIES = ['diet', 'drug', 'lab', 'admin', 'contact', 'clinical', 'behavioral', 'research', 'advance-directive', 'safety'] as const;
export const FlagCategorySchema = z.enum(FLAG_CATEGORIES);

/** An appointment type as the schedule names it: a service type's code (SNOMED CT or local) or its display name. */
export const AppointmentTypeSchema = z.string().trim().min(1).max(80);

const isRealDate = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export const FrontMatterSchema = z
  .object({
    title: z.string().trim().min(3).max(120),
    tags: z.array(z.string().trim().min(1).max(40)).min(1).max(20),
    callReasons: z.array(CallReasonSchema).max(CALL_REASONS.length),
    appointmentTypes: z.array(AppointmentTypeSchema).max(20).optional(),
    flags: z.array(FlagCategorySchema).max(FLAG_CATEGORIES.length).optional(),
    escalations: z.array(z.enum(ESCALATIONS)).max(ESCALATIONS.length).optional(),
    reviewBy: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date (YYYY-MM-DD)')
      .refine(isRealDate, { error: 'a real calendar date' }),
    owner: z.string().trim().min(2).max(80),
  })
  .strict();
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** One article in one language, as read from its file. */
export interface Article extends FrontMatter {
  slug: string;
  language: LanguageCode;
  /** The Markdown after the front matter. */
  body: string;
}

const KnowledgeLanguage = z.enum(LANGUAGE_CODES);
/** What the agent typed: searched as they type. */
export const KnowledgeSearchArgs = z.object({ query: z.string().max(200), language: KnowledgeLanguage }).strict();
/** The call's context: what the articles are suggested from (no patient data: a reason, a service type, flag categories). */
export const KnowledgeSuggestArgs = z
  .object({
    language: KnowledgeLanguage,
    callReason: CallReasonSchema.optional(),
    appointmentType: AppointmentTypeSchema.optional(),
    flags: z.array(FlagCategorySchema).max(FLAG_CATEGORIES.length).optional(),
    escalation: z.enum(ESCALATIONS).optional(),
  })
  .strict();
export const KnowledgeOpenArgs = z.object({ slug: ArticleSlug, language: KnowledgeLanguage }).strict();

/** One search result: the title, and a snippet of where it matched with the matched words between the markers below. */
export interface KnowledgeHit {
  slug: string;
  title: string;
  /** The language the hit is in (English when the article is not written in the one asked for). */
  language: LanguageCode;
  snippet: string;
  outOfDate: boolean;
}

/** Why an article is suggested. */
export type SuggestionReason = 'callReason' | 'appointmentType' | 'flag' | 'escalation';

export interface KnowledgeSuggestion {
  slug: string;
  title: string;
  language: LanguageCode;
  reasons: SuggestionReason[];
  outOfDate: boolean;
}

/** An article opened to be read aloud. */
export interface KnowledgeArticleView {
  slug: string;
  title: string;
  body: string;
  /** The language shown; `fallback` when it is English because the one asked for is not written. */
  language: LanguageCode;
  fallback: boolean;
  outOfDate: boolean;
  reviewBy: string;
  owner: string;
}

/** Around a matched word in a snippet. Control characters, never HTML: the page turns them into <mark> elements. */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

/** Whether an article's review date has passed on `today` (YYYY-MM-DD, UTC). */
export const isOutOfDate = (reviewBy: string, today: Date): boolean => reviewBy < today.toISOString().slice(0, 10);
