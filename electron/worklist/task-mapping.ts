/**
 * The team's worklist items as FHIR R4 `Task`s on the organisation's server: the one place their shape is built and
 * read. A Task is
 * - `code`: the kind (`urn:carefront:worklist-kind|callback`, `billing-dispute`, `referral-follow-up`);
 * - `meta.tag`: the pool it is routed to (`urn:carefront:worklist-pool|callbacks`, `billing`, `referrals`), so a
 *   team's list is one search (`Task?_tag=…&status=requested,in-progress`), and the write's kind
 *   (`urn:carefront:record-kind|worklist-task`, with the desk's client id as an identifier: write-back-mapping.ts);
 * - `for`: the Patient (reference, with the name as display), when known;
 * - `owner`: while nobody has claimed it, the pool — the team that works it — named by identifier
 *   (`urn:carefront:worklist-pool|callbacks`, display "Callbacks team"); once claimed, the one agent, by identifier
 *   (`urn:carefront:agent|<the desk's signed-in user>`). Identifiers rather than references: the site's server need not
 *   hold an Organization, CareTeam or Practitioner for each team and agent, and a desk compares them as they are;
 * - `restriction.period.end`: when it is due; `executionPeriod.start`: when the current owner claimed it,
 *   `executionPeriod.end`: when it was completed;
 * - `input` (type `urn:carefront:worklist-input|number-to-call`): the number to call back, a string the desk can dial;
 * - `focus`: the Invoice (billing dispute) or ServiceRequest (referral follow-up) it is about;
 * - `description`: why it was raised, in the agent's words (a disputed charge's reason);
 * - `reasonCode` (`urn:carefront:worklist-origin`): why a callback exists (promised, unanswered, abandoned);
 * - `status`: requested (in its pool) → in-progress (claimed) → completed, with the outcome as `businessStatus` and as
 *   an `output` (type `urn:carefront:worklist-output|outcome`).
 * A Task read from the server is checked before use; one that is not well formed is left out and counted.
 */
import type { Reference, Task } from 'fhir/r4';
import { z } from 'zod';
import { DialNumberSchema } from '../../shared/domain/call';
import {
  FOCUS_TYPES,
  FocusedReasonSchema,
  POOL_OF_KIND,
  WORKLIST_KINDS,
  WORKLIST_ORIGINS,
  WORKLIST_POOLS,
  type WorklistFocus,
  type WorklistItem,
  type WorklistKind,
  type WorklistOrigin,
  type WorklistOutcome,
  type WorklistPool,
} from '../../shared/domain/worklist';

export const WORKLIST_SYSTEMS = {
  kind: 'urn:carefront:worklist-kind',
  pool: 'urn:carefront:worklist-pool',
  agent: 'urn:carefront:agent',
  origin: 'urn:carefront:worklist-origin',
  input: 'urn:carefront:worklist-input',
  output: 'urn:carefront:worklist-output',
  outcome: 'urn:carefront:worklist-outcome',
} as const;

const NUMBER_TO_CALL = 'number-to-call';
const POOL_DISPLAY: Record<WorklistPool, string> = { callbacks: 'Callbacks team', billing: 'Billing team', referrals: 'Referrals team' };

/** What a new worklist item is made of. */
export interface NewTaskFacts {
  kind: WorklistKind;
  origin: WorklistOrigin | null;
  patient: { id: string; name: string | null } | null;
  number: string | null;
  due: string | null;
  focus?: WorklistFocus;
  /** Why it was raised, in the agent's words. */
  reason?: string;
  now: Date;
}

const coding = (system: string, code: string, display?: string) => ({ coding: [{ system, code, ...(display ? { display } : {}) }] });

/** The owner of an item nobody has claimed: its pool. */
export const poolOwner = (pool: WorklistPool): Reference => ({ identifier: { system: WORKLIST_SYSTEMS.pool, value: pool }, display: POOL_DISPLAY[pool] });
/** The owner of a claimed item: one agent. */
export const agentOwner = (agent: string): Reference => ({ identifier: { system: WORKLIST_SYSTEMS.agent, value: agent }, display: agent });

/** A new item in its pool (the desk stamps its client id and kind of write on it: write-back-mapping.ts). */
export function newTask(f: NewTaskFacts): Task {
  const pool = POOL_OF_KIND[f.kind];
  return {
    resourceType: 'Task',
    meta: { tag: [{ system: WORKLIST_SYSTEMS.pool, code: pool }] },
    status: 'requested',
    intent: 'order',
    priority: 'routine',
    code: coding(WORKLIST_SYSTEMS.kind, f.kind),
    ...(f.origin ? { reasonCode: coding(WORKLIST_SYSTEMS.origin, f.origin) } : {}),
    ...(f.patient ? { for: { reference: `Patient/${f.patient.id}`, ...(f.patient.name ? { display: f.patient.name } : {}) } } : {}),
    ...(f.focus ? { focus: { reference: `${f.focus.type}/${f.focus.id}` } } : {}),
    ...(f.reason ? { description: f.reason } : {}),
    authoredOn: f.now.toISOString(),
    owner: poolOwner(pool),
    ...(f.due ? { restriction: { period: { end: f.due } } } : {}),
    ...(f.number ? { input: [{ type: coding(WORKLIST_SYSTEMS.input, NUMBER_TO_CALL), valueString: f.number }] } : {}),
  };
}

/** The item claimed by `agent` now. */
export const claimedTask = (task: Task, agent: string, now: Date): Task => ({
  ...task,
  status: 'in-progress',
  owner: agentOwner(agent),
  executionPeriod: { start: now.toISOString() },
});

/** The item back in its pool. */
export function releasedTask(task: Task, pool: WorklistPool): Task {
  const { executionPeriod: _claim, ...rest } = task;
  return { ...rest, status: 'requested', owner: poolOwner(pool) };
}

/** The item done, with its outcome. */
export const completedTask = (task: Task, outcome: WorklistOutcome, now: Date): Task => ({
  ...task,
  status: 'completed',
  businessStatus: coding(WORKLIST_SYSTEMS.outcome, outcome),
  executionPeriod: { ...task.executionPeriod, end: now.toISOString() },
  output: [{ type: coding(WORKLIST_SYSTEMS.output, 'outcome'), valueCodeableConcept: coding(WORKLIST_SYSTEMS.outcome, outcome) }],
});

// --- reading -----------------------------------------------------------------------------------------------------

const Id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
const Instant = z.iso.datetime({ offset: true });
const Coding = z.looseObject({ system: z.string().optional(), code: z.string().optional() });
const Concept = z.looseObject({ coding: z.array(Coding).optional() });
const Identifier = z.looseObject({ system: z.string().optional(), value: z.string().max(200).optional() });
const TaskShape = z.looseObject({
  resourceType: z.literal('Task'),
  id: Id,
  meta: z.looseObject({ versionId: Id, tag: z.array(Coding).optional() }),
  status: z.string(),
  code: Concept,
  reasonCode: Concept.optional(),
  for: z.looseObject({ reference: z.string().optional(), display: z.string().max(200).optional() }).optional(),
  owner: z.looseObject({ identifier: Identifier.optional() }),
  authoredOn: Instant.optional(),
  restriction: z.looseObject({ period: z.looseObject({ end: Instant.optional() }).optional() }).optional(),
  executionPeriod: z.looseObject({ start: Instant.optional() }).optional(),
  input: z.array(z.looseObject({ type: Concept, valueString: z.string().optional() })).optional(),
  focus: z.looseObject({ reference: z.string().optional() }).optional(),
  description: z.string().optional(),
});

const FOCUS_REFERENCE = new RegExp(`^(${FOCUS_TYPES.join('|')})/([A-Za-z0-9\\-.]{1,64})$`);

/** The Invoice or ServiceRequest a Task is about; undefined when its focus is anything else. */
function focusOf(focus: { reference?: string | undefined } | undefined): WorklistFocus | null | undefined {
  if (!focus) return null;
  const m = FOCUS_REFERENCE.exec(focus.reference ?? '');
  return m?.[1] && m[2] ? { type: m[1] as WorklistFocus['type'], id: m[2] } : undefined;
}

const codeIn = <T extends string>(concept: z.infer<typeof Concept> | undefined, system: string, codes: readonly T[]): T | null => {
  const code = concept?.coding?.find((c) => c.system === system)?.code;
  return code !== undefined && (codes as readonly string[]).includes(code) ? (code as T) : null;
};

/** The pool a Task is routed to (its tag), or null. */
export function poolOf(task: { meta?: { tag?: { system?: string; code?: string }[] } }): WorklistPool | null {
  return codeIn({ coding: task.meta?.tag ?? [] }, WORKLIST_SYSTEMS.pool, WORKLIST_POOLS);
}

/**
 * The worklist item a Task read from the server is, for the desk whose agent is `me` at `now`; null when it is not a
 * well-formed open worklist Task (an unknown kind or pool, an owner that does not fit its status, a number the desk
 * could not dial, a patient reference to anything but a Patient, a focus on anything but an Invoice or ServiceRequest).
 */
export function itemOf(raw: unknown, me: string, now: Date): WorklistItem | null {
  const parsed = TaskShape.safeParse(raw);
  if (!parsed.success) return null;
  const t = parsed.data;
  const kind = codeIn(t.code, WORKLIST_SYSTEMS.kind, WORKLIST_KINDS);
  const pool = poolOf(t);
  if (!kind || !pool || (t.status !== 'requested' && t.status !== 'in-progress')) return null;
  const ownerId = t.owner.identifier;
  let owner: WorklistItem['owner'];
  if (t.status === 'requested' && ownerId?.system === WORKLIST_SYSTEMS.pool && ownerId.value === pool) owner = { kind: 'pool', pool };
  else if (t.status === 'in-progress' && ownerId?.system === WORKLIST_SYSTEMS.agent && ownerId.value)
    owner = { kind: 'agent', agent: ownerId.value, mine: ownerId.value === me };
  else return null;
  let patient: WorklistItem['patient'] = null;
  if (t.for) {
    const m = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(t.for.reference ?? '');
    if (!m?.[1]) return null;
    patient = { id: m[1], name: t.for.display?.trim() || null };
  }
  const given = t.input?.find((i) => i.type.coding?.some((c) => c.system === WORKLIST_SYSTEMS.input && c.code === NUMBER_TO_CALL))?.valueString;
  const number = given === undefined ? null : DialNumberSchema.safeParse(given);
  if (number && !number.success) return null;
  const focus = focusOf(t.focus);
  if (focus === undefined) return null;
  // A reason that is not one an agent could have given (too long, control characters) is left out, not the item.
  const reason = t.description === undefined ? null : FocusedReasonSchema.safeParse(t.description);
  const due = t.restriction?.period?.end ?? null;
  return {
    id: t.id,
    version: t.meta.versionId,
    kind,
    pool,
    origin: codeIn(t.reasonCode, WORKLIST_SYSTEMS.origin, WORKLIST_ORIGINS),
    due: due && new Date(due).toISOString(),
    overdue: due !== null && Date.parse(due) < now.getTime(),
    patient,
    number: number ? number.data : null,
    owner,
    claimedAt: owner.kind === 'agent' ? (t.executionPeriod?.start ?? null) : null,
    status: owner.kind === 'agent' ? 'claimed' : 'open',
    createdAt: t.authoredOn ?? null,
    focus,
    reason: reason?.success ? reason.data : null,
  };
}
