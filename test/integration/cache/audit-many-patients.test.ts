// An audited event about thousands of patients (a team worklist read, an import that overwrote many) on a real
// encrypted store: kept as consecutive rows of at most MAX_PATIENTS_PER_AUDIT_ROW patients, each naming its part, the
// chain still verifying, and each row small enough to leave the machine as one FHIR AuditEvent through the outbox.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import { MAX_PATIENTS_PER_AUDIT_ROW } from '../../../electron/cache/audit/audit-log';
import { MAX_WRITE_BYTES } from '../../../electron/ehr/write-back';
import { auditEventWrite } from '../../../electron/ehr/write-back-mapping';
import { openTestStore, tempDir, type TestStore } from './helpers';

describe('an audited event about thousands of patients', () => {
  let cache: TestStore;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    cache = openTestStore({ path: path.join(t.dir, 'a.db'), keyProvider: keyFileProvider(path.join(t.dir, 'a.key')) });
  });
  afterEach(() => {
    cache.close();
    cleanup();
  });

  it('is kept as parts, every patient named once, the chain verifying and every row within the write-back bound', () => {
    const patients = Array.from({ length: 5_000 }, (_, i) => `pat-${String(i).padStart(7, '0')}`);
    const before = cache.audit.rowsAfter(0, 100_000).length;
    cache.audit.recordWorklist({ action: 'view', patientIds: patients, outcome: 'success' }, { actor: 'workstation-user/test', reason: 'worklist read' });
    const rows = cache.audit.rowsAfter(0, 100_000).slice(before);
    const parts = Math.ceil(patients.length / MAX_PATIENTS_PER_AUDIT_ROW);
    expect(rows).toHaveLength(parts);
    const named = rows.flatMap((r) => r.event.entity.map((e) => e.what.reference).filter((ref) => ref?.startsWith('Patient/')));
    expect(named).toEqual(patients.map((id) => `Patient/${id}`));
    expect(rows.map((r, i) => r.event.purposeOfEvent[0]?.text.endsWith(`(part ${i + 1} of ${parts})`))).toEqual(rows.map(() => true));
    for (const row of rows) expect(Buffer.byteLength(JSON.stringify(auditEventWrite(row, 'chain-test').resource))).toBeLessThan(MAX_WRITE_BYTES);
    expect(cache.audit.verify().ok).toBe(true);
  });
});
