/**
 * What the watcher reads from a CapabilityStatement (Subscription offered, the websocket endpoint and whether it
 * is safe to send the token there), the plan of Subscriptions, and the backoff between attempts.
 */
import type { CapabilityStatement } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../electron/ehr/backoff';
import { desiredSubscription, planWatches, SEND_DELETES_EXTENSION } from '../../../electron/ehr/subscription-resources';
import { checkWebsocketUrl, hapiWebsocketUrl, subscriptionSupport, WEBSOCKET_EXTENSION } from '../../../electron/ehr/subscription-support';

const BASE = 'https://ehr.example.org/fhir';
const statement = (o: { software?: string; interactions?: string[]; websocket?: string; noSubscription?: boolean } = {}): CapabilityStatement => ({
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-12-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  ...(o.software ? { software: { name: o.software } } : {}),
  rest: [
    {
      mode: 'server',
      ...(o.websocket ? { extension: [{ url: WEBSOCKET_EXTENSION, valueUri: o.websocket }] } : {}),
      resource: o.noSubscription
        ? [{ type: 'Patient', interaction: [{ code: 'read' }] }]
        : [{ type: 'Subscription', interaction: (o.interactions ?? ['create', 'read', 'search-type', 'delete']).map((code) => ({ code: code as 'read' })) }],
    },
  ],
});

describe('subscription support from the CapabilityStatement', () => {
  it('HAPI FHIR: offered at <server root>/websocket (it declares no endpoint)', () => {
    expect(subscriptionSupport(statement({ software: 'HAPI FHIR Server' }), BASE)).toEqual({
      offered: true,
      websocketUrl: 'wss://ehr.example.org/websocket',
      hapi: true,
    });
    expect(hapiWebsocketUrl('http://127.0.0.1:8080/fhir')).toBe('ws://127.0.0.1:8080/websocket');
    expect(hapiWebsocketUrl('https://h.example/a/b/fhir/')).toBe('wss://h.example/a/b/websocket');
  });

  it('another server: offered only with a declared (or configured) endpoint on its own host', () => {
    expect(subscriptionSupport(statement(), BASE)).toEqual({ offered: false, why: 'noWebsocket' });
    expect(subscriptionSupport(statement({ websocket: 'wss://ehr.example.org/ws' }), BASE)).toEqual({
      offered: true,
      websocketUrl: 'wss://ehr.example.org/ws',
      hapi: false,
    });
    expect(subscriptionSupport(statement(), BASE, 'wss://ehr.example.org:8443/ws')).toMatchObject({
      offered: true,
      websocketUrl: 'wss://ehr.example.org:8443/ws',
    });
    expect(subscriptionSupport(statement({ websocket: 'wss://elsewhere.example/ws' }), BASE)).toEqual({ offered: false, why: 'websocketOffServer' });
  });

  it('no Subscription resource, or one without create/read/search: not offered', () => {
    expect(subscriptionSupport(statement({ noSubscription: true, software: 'HAPI FHIR Server' }), BASE)).toEqual({ offered: false, why: 'noSubscriptions' });
    expect(subscriptionSupport(statement({ interactions: ['read', 'search-type'], software: 'HAPI FHIR' }), BASE)).toEqual({
      offered: false,
      why: 'noSubscriptions',
    });
    expect(subscriptionSupport({ resourceType: 'CapabilityStatement' } as CapabilityStatement, BASE)).toEqual({ offered: false, why: 'noSubscriptions' });
  });

  it('the websocket must be TLS (unless the FHIR base is plain http), on the same host, without credentials', () => {
    expect(checkWebsocketUrl('ws://ehr.example.org/websocket', BASE)).toBeNull();
    expect(checkWebsocketUrl('wss://user:pw@ehr.example.org/websocket', BASE)).toBeNull();
    expect(checkWebsocketUrl('https://ehr.example.org/websocket', BASE)).toBeNull();
    expect(checkWebsocketUrl('wss://ehr.example.org.evil.example/websocket', BASE)).toBeNull();
    expect(checkWebsocketUrl('not a url', BASE)).toBeNull();
    expect(checkWebsocketUrl('ws://127.0.0.1:9000/websocket', 'http://127.0.0.1:8080/fhir')).toBe('ws://127.0.0.1:9000/websocket');
  });
});

describe('the Subscriptions the desk asks for', () => {
  it('one per type with standard criteria, or one multi-type; websocket channel, no payload, deletions notified, owner-tagged', () => {
    expect(planWatches(['Patient', 'Consent'], 'per-type').map((w) => w.criteria)).toEqual(['Patient?', 'Consent?']);
    expect(planWatches(['Patient', 'Consent'], 'multi-type')).toEqual([
      { key: 'all-types', criteria: '[Patient,Consent]', resourceTypes: ['Patient', 'Consent'] },
    ]);
    expect(() => planWatches([], 'per-type')).toThrow();
    expect(() => planWatches(['Patient?x=1'], 'per-type')).toThrow();
    const sub = desiredSubscription('desk-7', planWatches(['Patient'], 'per-type')[0]!);
    expect(sub.channel).toEqual({ type: 'websocket', extension: [{ url: SEND_DELETES_EXTENSION, valueBoolean: true }] });
    expect(sub.status).toBe('requested');
    expect(sub.meta?.tag?.map((t) => t.code)).toEqual(['desk-7', 'Patient']);
  });
});

describe('backoff', () => {
  it('doubles from the first delay to the ceiling, shortened by at most the jitter; reset starts over', () => {
    const b = new Backoff({ firstMs: 100, maxMs: 1_000, jitter: 0.2 });
    const delays = Array.from({ length: 8 }, () => b.next());
    const full = [100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000];
    delays.forEach((d, i) => {
      expect(d).toBeLessThanOrEqual(full[i]!);
      expect(d).toBeGreaterThanOrEqual(full[i]! * 0.8);
    });
    b.reset();
    expect(b.next()).toBeLessThanOrEqual(100);
    expect(() => new Backoff({ firstMs: 0, maxMs: 10 })).toThrow();
  });
});
