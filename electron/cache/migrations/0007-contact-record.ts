import type { Migration } from './migration';

const LEGACY_CONTACT_EXT = 'urn:carefront:contact-record';
const WRAP_UP_EXT = 'urn:carefront:wrap-up';

interface Part {
  url?: string;
  valueString?: string;
  valueDateTime?: string;
  valueInteger?: number;
  valueCode?: string;
}
interface LegacyCommunication {
  status?: string;
  sent?: string;
  sender?: { display?: string };
  extension?: { url?: string; extension?: Part[] }[];
}

/**
 * Contact records, the figures the team KPIs are computed from (no patient data): a `call` row when
 * an inbound call ends on a desk (offered, answered or not, ended) and a `wrap-up` row when its
 * wrap-up is saved (disposition, after-call seconds), each under the agent who took the call (this
 * desk's actor, or the team member whose desk sent the figures). `record_id` makes a figure sent
 * again replace itself. Read by time (`at`: when the call was offered, when the wrap-up was saved).
 *
 * Until now they were Communications (extension urn:carefront:contact-record, and the wrap-up
 * figures team members sent, `wrapup-figures-…`): those are moved here. The desk's own wrap-ups stay
 * in the patient's history; their figures are copied here, as a wrap-up saved from now on does.
 * Communications are indexed by when they were sent, so a report reads its period's survey answers.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'contact-record',
  up(db) {
    db.exec(`
      CREATE TABLE contact_record (
        id                 INTEGER PRIMARY KEY,
        record_id          TEXT NOT NULL UNIQUE,
        kind               TEXT NOT NULL CHECK (kind IN ('call', 'wrap-up')),
        agent              TEXT NOT NULL,
        call_id            TEXT NOT NULL,
        at                 TEXT NOT NULL,
        answered_at        TEXT,
        ended_at           TEXT,
        disposition        TEXT,
        after_call_seconds INTEGER,
        satisfaction       INTEGER,
        recorded_at        TEXT NOT NULL
      );
      CREATE INDEX contact_record_by_time ON contact_record (kind, at);
      CREATE INDEX contact_record_by_call ON contact_record (call_id);
      -- Survey answers stay Communications: a KPI report finds those of its period by this index.
      CREATE INDEX resource_communication_by_sent ON resource (json_extract(json, '$.sent')) WHERE type = 'Communication';
    `);
    const withExtension = db.prepare<[string], { id: string; json: string; imported_at: string }>(
      `SELECT r.id, r.json, r.imported_at FROM resource r
       WHERE r.type = 'Communication' AND EXISTS (SELECT 1 FROM json_each(r.json, '$.extension') e WHERE json_extract(e.value, '$.url') = ?)
       ORDER BY r.imported_at, r.id`,
    );
    const insert = db.prepare(
      `INSERT OR REPLACE INTO contact_record (record_id, kind, agent, call_id, at, answered_at, ended_at, disposition, after_call_seconds, satisfaction, recorded_at)
       VALUES (@record_id, @kind, @agent, @call_id, @at, @answered_at, @ended_at, @disposition, @after_call_seconds, @satisfaction, @recorded_at)`,
    );
    const remove = db.prepare("DELETE FROM resource WHERE type = 'Communication' AND id = ?");
    const read = (json: string, url: string) => {
      const c = JSON.parse(json) as LegacyCommunication;
      const parts = c.extension?.find((e) => e.url === url)?.extension ?? [];
      return { c, part: (name: string) => parts.find((p) => p.url === name) };
    };
    for (const row of withExtension.all(LEGACY_CONTACT_EXT)) {
      const { c, part } = read(row.json, LEGACY_CONTACT_EXT);
      const callId = part('callId')?.valueString;
      if (callId && c.sent) {
        insert.run({
          record_id: row.id,
          kind: 'call',
          agent: c.sender?.display ?? '',
          call_id: callId,
          at: c.sent,
          answered_at: part('answeredAt')?.valueDateTime ?? null,
          ended_at: part('endedAt')?.valueDateTime ?? null,
          disposition: null,
          after_call_seconds: null,
          satisfaction: null,
          recorded_at: row.imported_at,
        });
      }
      remove.run(row.id);
    }
    for (const row of withExtension.all(WRAP_UP_EXT)) {
      const { c, part } = read(row.json, WRAP_UP_EXT);
      const callId = part('callId')?.valueString;
      // A team member's figures are moved; the desk's own wrap-ups stay in the patient's history.
      const teamFigures = row.id.startsWith('wrapup-figures-');
      if (callId && c.sent) {
        insert.run({
          record_id: row.id,
          kind: 'wrap-up',
          agent: c.sender?.display ?? '',
          call_id: callId,
          at: c.sent,
          answered_at: null,
          ended_at: null,
          disposition: part('disposition')?.valueCode ?? null,
          after_call_seconds: part('afterCallSeconds')?.valueInteger ?? null,
          satisfaction: part('satisfaction')?.valueInteger ?? null,
          recorded_at: row.imported_at,
        });
      }
      if (teamFigures) remove.run(row.id);
    }
  },
};
