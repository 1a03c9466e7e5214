// What the essentials strip derives from what the page holds: the next appointment, the patient's open tasks on the
// team's worklist, and how the caller was verified.
import { describe, expect, it } from 'vitest';
import { nextAppointment, openTasksFor, verifiedHow } from '../../../renderer/src/features/essentials/essentials';
import type { AppointmentView } from '../../../shared/domain/patient';
import type { WorklistItem, WorklistView } from '../../../shared/domain/worklist';
import type { CallerCheck, VerificationState } from '../../../shared/verification/state';

const NOW = new Date('2026-12-07T12:00:00Z');

const appointment = (id: string, start: string | null, status = 'booked'): AppointmentView => ({
  id,
  version: '1',
  status,
  start,
  end: null,
  description: null,
  serviceType: 'Cardiology',
  practitioner: null,
  location: null,
  confidential: false,
});

describe('nextAppointment', () => {
  it('is the earliest one still to come, whatever order the list is in', () => {
    const list = [
      appointment('later', '2027-01-20T09:00:00Z'),
      appointment('past', '2026-11-30T09:00:00Z'),
      appointment('soonest', '2026-12-07T15:30:00Z'),
      appointment('next-month', '2027-01-02T09:00:00Z'),
    ];
    expect(nextAppointment(list, NOW)?.id).toBe('soonest');
  });

  it('passes over cancelled, missed and entered-in-error visits, and ones without a readable start', () => {
    const list = [
      appointment('cancelled', '2026-12-08T09:00:00Z', 'cancelled'),
      appointment('noshow', '2026-12-08T10:00:00Z', 'noshow'),
      appointment('error', '2026-12-08T11:00:00Z', 'entered-in-error'),
      appointment('no-start', null),
      appointment('garbled', 'next tuesday'),
      appointment('kept', '2026-12-09T09:00:00Z', 'pending'),
    ];
    expect(nextAppointment(list, NOW)?.id).toBe('kept');
  });

  it('is null when nothing is still to come, or when the list is empty (as main sends it before verification)', () => {
    expect(nextAppointment([appointment('past', '2026-12-07T11:59:00Z')], NOW)).toBeNull();
    expect(nextAppointment([], NOW)).toBeNull();
  });

  it('counts one starting this very minute as still to come', () => {
    expect(nextAppointment([appointment('now', NOW.toISOString())], NOW)?.id).toBe('now');
  });
});

const item = (id: string, patientId: string | null): WorklistItem => ({
  id,
  version: '1',
  kind: 'callback',
  pool: 'callbacks',
  origin: 'promised',
  due: null,
  overdue: false,
  patient: patientId ? { id: patientId, name: null } : null,
  number: null,
  owner: { kind: 'pool', pool: 'callbacks' },
  claimedAt: null,
  status: 'open',
  createdAt: null,
  focus: null,
  reason: null,
});

const worklist = (items: WorklistItem[], configured = true): WorklistView => ({
  configured,
  items,
  malformed: 0,
  released: 0,
  complete: true,
  readAt: NOW.toISOString(),
  refreshSeconds: 60,
});

describe('openTasksFor', () => {
  it("keeps the patient's items in the list's own order (overdue first, then by due time)", () => {
    const view = worklist([item('a', 'p1'), item('b', 'p2'), item('c', null), item('d', 'p1')]);
    expect(openTasksFor(view, 'p1').map((i) => i.id)).toEqual(['a', 'd']);
    expect(openTasksFor(view, 'p3')).toEqual([]);
  });

  it('is empty before the list is read and on a desk without a worklist', () => {
    expect(openTasksFor(null, 'p1')).toEqual([]);
    expect(openTasksFor(worklist([item('a', 'p1')], false), 'p1')).toEqual([]);
  });
});

const state = (patch: Partial<VerificationState>): VerificationState => ({
  patientId: 'p1',
  callId: 'call-1',
  live: true,
  caller: { kind: 'self' },
  status: 'unverified',
  results: {},
  identifiers: ['name', 'birthDate', 'mrn', 'phone'],
  strength: {},
  patientProgress: { matched: 0, secretMatched: 0, requiredMatches: 2, requiredSecret: 1, passed: false },
  callerCheck: null,
  requiredMatches: 2,
  mismatches: 0,
  maxMismatches: 3,
  stepUp: { requests: [], available: [], required: false, passed: false },
  redFlags: [],
  recommendation: null,
  visibleSections: [],
  hiddenBecause: {},
  role: 'frontDesk',
  overridden: false,
  canOverride: false,
  ...patch,
});

describe('verifiedHow', () => {
  it('names the identifiers that matched, in the checklist order, and no other', () => {
    const how = verifiedHow(state({ status: 'verified', results: { mrn: 'match', name: 'mismatch', phone: 'callerId', birthDate: 'match' } }));
    expect(how).toEqual({ status: 'verified', matched: ['birthDate', 'mrn'], proxy: null });
  });

  it('says who calls for the patient when it is a proxy', () => {
    const caller: CallerCheck = { kind: 'proxy', relatedPersonId: 'rp1', relationship: 'mother', consent: 'valid', scope: [], confidentialHidden: false };
    expect(verifiedHow(state({ status: 'verified', caller, results: { name: 'match' } })).proxy).toEqual({ relationship: 'mother' });
  });

  it('is "not verified" with nothing matched before any check, and keeps a failure', () => {
    expect(verifiedHow(null)).toEqual({ status: 'unverified', matched: [], proxy: null });
    expect(verifiedHow(state({ status: 'failed', results: { name: 'mismatch' } }))).toEqual({ status: 'failed', matched: [], proxy: null });
  });
});
