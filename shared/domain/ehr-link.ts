/**
 * The EHR link as the page sees it: whether a FHIR server is configured, where the link stands
 * (connecting, the first load, kept up to date live or by polling, offline, refused), when the local
 * copy was last brought up to date, the first load's progress, and the outbox of writes waiting for
 * the server. Counts, times, codes and the server's origin only: never a resource, an id or a name.
 * Every field is checked by the strict schema below before it is kept or sent.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors';

/**
 * - `notConfigured`: no FHIR server is set up; the desk works from the local store alone.
 * - `connecting`: a server is set up and the link is reaching it (start-up, or after an outage).
 * - `initialLoad`: the first load (Bulk Data $export) is filling the local copy.
 * - `live`: the copy is kept up to date as the server reports changes (a subscription).
 * - `polling`: the copy is kept up to date by asking the server for changes at intervals.
 * - `offline`: the server cannot be reached; the desk works from the local copy.
 * - `authFailed`: the server (or its sign-in service) refused this desk; the desk works from the local copy.
 */
export const EHR_LINK_STATES = ['notConfigured', 'connecting', 'initialLoad', 'live', 'polling', 'offline', 'authFailed'] as const;
export type EhrLinkState = (typeof EHR_LINK_STATES)[number];

const IsoTime = z.iso.datetime({ offset: true });
const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Where the server is: an http(s) origin (scheme, host, port), no path, no query, no credentials. */
export const ServerOriginSchema = z
  .string()
  .max(300)
  .regex(
    /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[1-9][0-9]{0,4})?$/,
    'an http(s) origin such as https://fhir.example.org',
  );

/** The server's own words on an export in progress (Bulk Data's X-Progress): short, one line, no control characters. */
export const ServerProgressSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, 'one line without control characters');

/** The first load: what has come in so far. */
export const InitialLoadSchema = z
  .object({
    /** Resources written to the local copy. */
    resourcesDone: Count,
    /** Export files read to the end. */
    filesDone: Count,
    /** How many files the export has (null until the server has finished preparing it). */
    filesTotal: Count.nullable(),
    serverProgress: ServerProgressSchema.nullable(),
  })
  .strict()
  .refine((l) => l.filesTotal === null || l.filesDone <= l.filesTotal, { error: 'filesDone is at most filesTotal', path: ['filesDone'] });
export type InitialLoad = z.infer<typeof InitialLoadSchema>;

/** The outbox of writes to the server: how many wait, how many failed for good, since when the oldest waits. */
export const OutboxCountsSchema = z
  .object({
    waiting: Count,
    failed: Count,
    oldestWaitingSince: IsoTime.nullable(),
    /** While writes wait: since when the tries have not gone through (the server unreachable, or refusing this desk). Absent otherwise. */
    failingSince: IsoTime.optional(),
  })
  .strict()
  .refine((o) => (o.waiting === 0) === (o.oldestWaitingSince === null), {
    error: 'oldestWaitingSince is set exactly when something is waiting',
    path: ['oldestWaitingSince'],
  })
  .refine((o) => o.failingSince === undefined || o.waiting > 0, { error: 'failingSince only while something waits', path: ['failingSince'] });
export type OutboxCounts = z.infer<typeof OutboxCountsSchema>;

export const EhrLinkStatusSchema = z
  .object({
    configured: z.boolean(),
    /** The FHIR server's origin (null when none is configured). */
    server: ServerOriginSchema.nullable(),
    state: z.enum(EHR_LINK_STATES),
    /** When the link entered this state. */
    since: IsoTime,
    /** When the local copy was last brought up to date from the server (null: never). */
    lastSyncAt: IsoTime.nullable(),
    /** The first load's progress, while it runs (state `initialLoad`), else null. */
    initialLoad: InitialLoadSchema.nullable(),
    outbox: OutboxCountsSchema,
    /** Why the link last failed, as an error code the page translates (cleared by the next success). */
    lastError: z.enum(ERROR_CODES).nullable(),
  })
  .strict()
  .refine((s) => s.configured === (s.server !== null) && s.configured === (s.state !== 'notConfigured'), {
    error: 'a server is named exactly when the link is configured',
    path: ['server'],
  })
  .refine((s) => (s.state === 'initialLoad') === (s.initialLoad !== null), { error: 'progress only during the first load', path: ['initialLoad'] });
export type EhrLinkStatus = z.infer<typeof EhrLinkStatusSchema>;

export const NO_OUTBOX: OutboxCounts = { waiting: 0, failed: 0, oldestWaitingSince: null };
