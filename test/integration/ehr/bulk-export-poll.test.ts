/**
 * The `$export` status poll against the real HAPI FHIR R4 server: while the export is built HAPI answers 202 with
 * `Retry-After` and `X-Progress`; the client waits what the server asks, bounded by its own maximum, and reports the
 * server's progress. (The first load's whole run, with its polls capped, is bulk-load.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BulkExportClient, parseRetryAfter } from '../../../electron/ehr/bulk-export';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';

const info = fhirServerInfo();

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'the $export poll against a real HAPI FHIR R4 server' : `$export poll: SKIPPED, ${info.reason}`, () => {
  let baseUrl: string;
  beforeAll(async () => {
    baseUrl = await waitForFhirServer(info);
  }, FHIR_READY_TIMEOUT_MS + 10_000);

  it("waits what the server's Retry-After asks, within the client's maximum, and reports its X-Progress", async () => {
    const patient = new BulkExportClient({ baseUrl, maxWaitMs: 600_000 });
    const statusUrl = await patient.kickOff({ types: ['Patient'] });
    try {
      // What the server itself says on a poll (read raw), then what the client makes of the next poll.
      const raw = await fetch(statusUrl, { headers: { Accept: 'application/json' } });
      await raw.arrayBuffer();
      expect(raw.status).toBe(202);
      const asked = parseRetryAfter(raw.headers.get('retry-after'));
      expect(asked).not.toBeNull();
      expect(asked!).toBeGreaterThan(1000);

      const polled = await patient.status(statusUrl);
      expect(polled.state).toBe('in-progress');
      if (polled.state !== 'in-progress') return;
      expect(polled.waitMs).toBe(asked);
      expect(polled.progress).toBe(
        raw.headers
          .get('x-progress')
          ?.replace(/[^\x20-\x7e]/g, '')
          .slice(0, 200) || null,
      );

      // A client with a lower maximum waits no longer than it.
      const impatient = new BulkExportClient({ baseUrl, maxWaitMs: 1000 });
      const capped = await impatient.status(statusUrl);
      expect(capped).toMatchObject({ state: 'in-progress', waitMs: 1000 });
    } finally {
      await patient.cancel(statusUrl);
    }
  });
});
