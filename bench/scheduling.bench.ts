/**
 * Scheduling benchmark against the real HAPI FHIR R4 test server (test/fhir-server, started here on loopback and
 * stopped at the end): N free slots seeded (CAREFRONT_BENCH_SLOTS, default 10,000: ten practitioners' schedules at
 * one clinic, half-hourly on weekdays, in transactions of a few hundred), then, through the desk's ScheduleBook,
 * - slot search: the next available for a service in a 30-day window (any practitioner, then one practitioner);
 * - booking round trip: the slot offered → the server's transaction → the appointment read back.
 * CAREFRONT_FHIR_BASE_URL uses a server already running instead. Run with `npm run bench -- scheduling`.
 * Nothing here asserts a time.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bundle, BundleEntry, FhirResource, Location, Practitioner, Schedule, Slot } from 'fhir/r4';
import { FhirClient } from '../electron/ehr/fhir-client';
import { ScheduleBook } from '../electron/scheduling/schedule-book';
import { startFhirServerProcess, waitUntilReady } from '../test/fhir-server/fhir-process';
import { percentiles, type Percentiles } from './ehr.bench';

const SERVER_READY_TIMEOUT_MS = 300_000;
const SERVICE = { system: 'http://snomed.info/sct', code: '394814009', display: 'General practice' };
const PRACTITIONERS = 10;
const DAY_MS = 86_400_000;

export interface SchedulingBenchOptions {
  slots: number;
  searches?: number;
  bookings?: number;
  /** Slots per seeding transaction. */
  batch?: number;
  baseUrl?: string;
  log?: (line: string) => void;
}

export interface SchedulingBenchFigures {
  slots: number;
  seed: { transactions: number; seconds: number; slotsPerSecond: number };
  /** The next available for the service, any practitioner, in a 30-day window. */
  searchAny: Percentiles;
  /** The same for one practitioner. */
  searchPractitioner: Percentiles;
  /** book(): the slot as offered checked, the transaction, the appointment read back. */
  booking: Percentiles;
  /** Bookings that found their slot taken (none expected: one desk). */
  taken: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Slot starts: weekdays from tomorrow, half-hourly 09:00–16:30 UTC. */
function starts(count: number): Date[] {
  const out: Date[] = [];
  const now = new Date();
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  while (out.length < count) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6)
      for (let m = 9 * 60; m < 17 * 60 && out.length < count; m += 30) out.push(new Date(day.getTime() + m * 60_000));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

const createdId = (answer: Bundle, index: number): string => {
  const id = /^[A-Za-z]+\/([A-Za-z0-9\-.]+)/.exec(answer.entry?.[index]?.response?.location ?? '')?.[1];
  if (!id) throw new Error(`the seed's entry ${index} was not created`);
  return id;
};
const post = (resource: FhirResource): BundleEntry => ({ resource, request: { method: 'POST', url: resource.resourceType } });

/** The clinic, its practitioners and their schedules, then the slots in transactions of `batch`. */
async function seed(client: FhirClient, slots: number, batch: number) {
  const run = randomUUID();
  const ident = (what: string) => [{ system: 'urn:carefront:bench:schedule', value: `${run}-${what}` }];
  const started = performance.now();
  const location: Location = { resourceType: 'Location', identifier: ident('loc'), name: 'Riverside Clinic', status: 'active' };
  const doctors: Practitioner[] = Array.from({ length: PRACTITIONERS }, (_, i) => ({
    resourceType: 'Practitioner',
    identifier: ident(`dr-${i}`),
    name: [{ prefix: ['Dr'], family: `Bench${i}` }],
  }));
  const people = await client.transaction({ resourceType: 'Bundle', type: 'transaction', entry: [location, ...doctors].map(post) });
  const locationId = createdId(people, 0);
  const practitionerIds = doctors.map((_, i) => createdId(people, i + 1));
  const schedules: Schedule[] = practitionerIds.map((id, i) => ({
    resourceType: 'Schedule',
    identifier: ident(`schedule-${i}`),
    active: true,
    serviceType: [{ coding: [SERVICE] }],
    actor: [{ reference: `Practitioner/${id}` }, { reference: `Location/${locationId}` }],
    comment: 'Arrive 15 minutes early.',
  }));
  const scheduleAnswer = await client.transaction({ resourceType: 'Bundle', type: 'transaction', entry: schedules.map(post) });
  const scheduleIds = schedules.map((_, i) => createdId(scheduleAnswer, i));
  const times = starts(Math.ceil(slots / PRACTITIONERS));
  const all: Slot[] = [];
  for (let i = 0; i < slots; i += 1) {
    const start = times[Math.floor(i / PRACTITIONERS)] ?? new Date();
    all.push({
      resourceType: 'Slot',
      schedule: { reference: `Schedule/${scheduleIds[i % PRACTITIONERS]}` },
      serviceType: [{ coding: [SERVICE] }],
      status: 'free',
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
  }
  let transactions = 0;
  for (let i = 0; i < all.length; i += batch) {
    await client.transaction({ resourceType: 'Bundle', type: 'transaction', entry: all.slice(i, i + batch).map(post) });
    transactions += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const first = times[0] ?? new Date();
  const last = times[times.length - 1] ?? first;
  return { practitionerIds, first, last, transactions, seconds: round(seconds), slotsPerSecond: Math.round(slots / seconds) };
}

export async function runSchedulingBench(options: SchedulingBenchOptions): Promise<SchedulingBenchFigures> {
  const log =
    options.log ??
    ((line: string) => {
      console.log(line);
    });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-schedule-bench-'));
  const serverLog = path.join(dir, 'fhir-server.log');
  const server = options.baseUrl ? null : await startFhirServerProcess(serverLog);
  const baseUrl = options.baseUrl ?? server?.baseUrl;
  if (!baseUrl) throw new Error('the test FHIR server could not be started (java missing?)');
  try {
    log(`scheduling bench: ${options.slots.toLocaleString('en')} slots, ${server ? 'HAPI FHIR R4 started on loopback' : 'a running FHIR server'}`);
    await waitUntilReady(baseUrl, server?.pid ?? null, serverLog, SERVER_READY_TIMEOUT_MS);
    const client = new FhirClient({ baseUrl, timeoutMs: 300_000 });
    const seeded = await seed(client, options.slots, options.batch ?? 400);
    log(`  seeded in ${seeded.transactions} transactions: ${seeded.seconds} s (${seeded.slotsPerSecond} slots/s)`);

    const book = new ScheduleBook(new FhirClient({ baseUrl }));
    const span = Math.max(seeded.last.getTime() - seeded.first.getTime(), DAY_MS);
    /** A 30-day window starting somewhere in the seeded range (the first one at its start). */
    const window = (i: number) => {
      const from = new Date(seeded.first.getTime() + (i === 0 ? 0 : Math.random() * span * 0.8));
      return { from: from.toISOString(), to: new Date(from.getTime() + 30 * DAY_MS).toISOString() };
    };
    const timed = async (n: number, run: (i: number) => Promise<unknown>): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i += 1) {
        const t = performance.now();
        await run(i);
        out.push(performance.now() - t);
      }
      return out;
    };
    const searches = options.searches ?? 50;
    const pick = (i: number): string => seeded.practitionerIds[i % seeded.practitionerIds.length] ?? '';
    const searchAny = percentiles(await timed(searches, (i) => book.findSlots({ serviceType: SERVICE.code, ...window(i), limit: 10 })));
    const searchPractitioner = percentiles(await timed(searches, (i) => book.findSlots({ practitionerId: pick(i), ...window(i), limit: 10 })));

    const bookingTimes: number[] = [];
    let taken = 0;
    for (let i = 0; i < (options.bookings ?? 30); i += 1) {
      // The practitioner's next available, as an agent books it.
      const [slot] = (await book.findSlots({ practitionerId: pick(i), ...window(0), limit: 1 })).slots;
      if (!slot) continue;
      const t = performance.now();
      const outcome = await book.book({ clientId: randomUUID(), patientId: `bench-${i}`, slotId: slot.id, slotVersion: slot.version });
      bookingTimes.push(performance.now() - t);
      if (!outcome.ok) taken += 1;
    }
    const figures: SchedulingBenchFigures = {
      slots: options.slots,
      seed: { transactions: seeded.transactions, seconds: seeded.seconds, slotsPerSecond: seeded.slotsPerSecond },
      searchAny,
      searchPractitioner,
      booking: percentiles(bookingTimes),
      taken,
    };
    const rows: [string, Percentiles][] = [
      ['slot search, next available, any practitioner', searchAny],
      ['slot search, next available, one practitioner', searchPractitioner],
      ['booking round trip', figures.booking],
    ];
    for (const [k, p] of rows) log(`  ${k.padEnd(48)}  p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms (n=${p.n})`);
    log(`SCHEDULING_BENCH_JSON ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const slots = Number(process.env.CAREFRONT_BENCH_SLOTS ?? 10_000);
  if (!Number.isInteger(slots) || slots < PRACTITIONERS) throw new Error(`CAREFRONT_BENCH_SLOTS must be a whole number of at least ${PRACTITIONERS}`);
  const baseUrl = process.env.CAREFRONT_FHIR_BASE_URL?.replace(/\/+$/, '');
  await runSchedulingBench({ slots, ...(baseUrl ? { baseUrl } : {}) });
}
