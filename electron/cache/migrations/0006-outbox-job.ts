import type { Migration } from './migration';

/** The extension the outbox to the team leads used on its Communications up to schema 5. */
const LEGACY_OUTBOX_EXT = 'urn:carefront:lead-outbox';

const LEGACY_STATUS: Record<string, string> = { preparation: 'pending', completed: 'done', stopped: 'dropped' };

interface LegacyNotice {
  id: string;
  status?: string;
  sent?: string;
  payload?: { contentString?: string }[];
  extension?: { url?: string; extension?: { url?: string; valueString?: string }[] }[];
}

/**
 * The outbox becomes a table, not resources: one job per write the desk has to deliver, kept until
 * it is delivered (`done`), given up (`dropped`: the outbox overflowed) or answered with a refusal
 * that is the agent's to resolve (`failed`, e.g. a FHIR 412/409). Built for both destinations: a
 * notice to a team lead (a SIP MESSAGE to `recipient`) and, later, a FHIR write to the
 * organisation's server (`resource_type`/`resource_id`, `operation`, the `if_match` version it
 * expects, and `client_id`, the identifier this desk made for a conditional create
 * `If-None-Exist`). Jobs with one `ordering_key` (one lead, one resource) go in `id` order.
 *
 * The outbox to the team leads kept its notices as Communications (extension
 * urn:carefront:lead-outbox) until now: they are moved here, in their order and with their status.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'outbox-job',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_job (
        id            INTEGER PRIMARY KEY,
        client_id     TEXT NOT NULL UNIQUE,
        destination   TEXT NOT NULL CHECK (destination IN ('team-lead', 'fhir')),
        recipient     TEXT,
        resource_type TEXT,
        resource_id   TEXT,
        operation     TEXT NOT NULL CHECK (operation IN ('notify', 'create', 'update', 'delete')),
        payload       TEXT NOT NULL,
        if_match      TEXT,
        ordering_key  TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('pending', 'done', 'dropped', 'failed')),
        attempts      INTEGER NOT NULL DEFAULT 0,
        next_try_at   TEXT,
        last_error    TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      );
      CREATE INDEX outbox_job_by_status ON outbox_job (status, destination, ordering_key, id);
    `);
    const legacy = db
      .prepare<[string], { id: string; json: string }>(
        `SELECT r.id, r.json FROM resource r
         WHERE r.type = 'Communication' AND EXISTS (SELECT 1 FROM json_each(r.json, '$.extension') e WHERE json_extract(e.value, '$.url') = ?)`,
      )
      .all(LEGACY_OUTBOX_EXT)
      .map((r) => {
        const c = JSON.parse(r.json) as LegacyNotice;
        const parts = c.extension?.find((e) => e.url === LEGACY_OUTBOX_EXT)?.extension ?? [];
        const part = (name: string): string => parts.find((p) => p.url === name)?.valueString ?? '';
        return {
          id: r.id,
          status: LEGACY_STATUS[c.status ?? ''] ?? 'dropped',
          lead: part('lead'),
          order: part('order'),
          body: c.payload?.[0]?.contentString ?? '',
          sent: c.sent ?? '',
        };
      })
      .sort((a, b) => a.order.localeCompare(b.order) || a.id.localeCompare(b.id));
    const insert = db.prepare(
      `INSERT INTO outbox_job (client_id, destination, recipient, operation, payload, ordering_key, status, created_at, updated_at)
       VALUES (?, 'team-lead', ?, 'notify', ?, ?, ?, ?, ?)`,
    );
    const remove = db.prepare("DELETE FROM resource WHERE type = 'Communication' AND id = ?");
    for (const n of legacy) {
      // The order was "<ms since 1970, 15 digits>-<sequence>": when the notice was first held.
      const ms = Number(n.order.slice(0, 15));
      const created = Number.isSafeInteger(ms) && ms > 0 ? new Date(ms).toISOString() : n.sent || new Date().toISOString();
      // A notice with no lead or no body was never sent again; it is kept as given up.
      const status = n.lead && n.body ? n.status : n.status === 'pending' ? 'dropped' : n.status;
      insert.run(n.id, n.lead, n.body, `team-lead:${n.lead}`, status, created, n.sent || created);
      remove.run(n.id);
    }
  },
};
