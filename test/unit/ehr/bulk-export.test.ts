import { describe, expect, it } from 'vitest';
import { BulkExportClient, parseRetryAfter } from '../../../electron/ehr/bulk-export';
import { isNewer, serverVersionOf } from '../../../electron/cache/fhir/server-version';

describe('Retry-After', () => {
  const now = Date.parse('2031-05-06T10:00:00Z');
  it('reads delay-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 06 May 2031 10:00:30 GMT', now)).toBe(30_000);
    // A date already past: poll now.
    expect(parseRetryAfter('Tue, 06 May 2031 09:00:00 GMT', now)).toBe(0);
    for (const bad of [null, '', '-5', '1.5', 'soon', '2031-05-06T10:00:30Z', '99999999999']) expect(parseRetryAfter(bad, now)).toBeNull();
  });

  it('the client refuses a base URL off loopback without https, and non-positive bounds', () => {
    expect(() => new BulkExportClient({ baseUrl: 'http://ehr.example.org/fhir' })).toThrow(/https/);
    expect(() => new BulkExportClient({ baseUrl: 'http://127.0.0.1:1/fhir', maxWaitMs: 0 })).toThrow(/maxWaitMs/);
    expect(new BulkExportClient({ baseUrl: 'http://127.0.0.1:1/fhir/' }).baseUrl).toBe('http://127.0.0.1:1/fhir');
  });
});

describe('the version rule', () => {
  const v = (versionId: string | null, lastUpdated: string | null = null) => ({ versionId, lastUpdated });
  it('integer versionIds compare as numbers; otherwise lastUpdated; equal is not newer', () => {
    expect(isNewer(v('10'), v('9'))).toBe(true);
    expect(isNewer(v('9'), v('10'))).toBe(false);
    expect(isNewer(v('3'), v('3'))).toBe(false);
    expect(isNewer(v('b', '2030-01-01T00:00:00Z'), v('a', '2030-01-02T00:00:00Z'))).toBe(false);
    expect(isNewer(v('a', '2030-01-02T01:00:00+01:00'), v('b', '2030-01-01T23:30:00Z'))).toBe(true);
    expect(isNewer(v('x'), v('x'))).toBe(false);
    // Nothing to compare with: the server's copy wins over what the cache holds without a version.
    expect(isNewer(v('1'), v(null))).toBe(true);
  });

  it('meta is checked, never trusted', () => {
    expect(serverVersionOf({})).toEqual({ ok: true, version: { versionId: null, lastUpdated: null } });
    expect(serverVersionOf({ meta: { versionId: '7', lastUpdated: '2030-01-01T00:00:00.123+00:00' } })).toMatchObject({ ok: true });
    expect(serverVersionOf({ meta: { versionId: 7 } })).toMatchObject({ ok: false });
    expect(serverVersionOf({ meta: { lastUpdated: '2030-13-01T00:00:00Z' } })).toMatchObject({ ok: false });
    expect(serverVersionOf({ meta: [] })).toMatchObject({ ok: false });
  });
});
