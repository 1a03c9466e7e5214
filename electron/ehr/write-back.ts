/**
 * The desk's side of the write-back: what it wants written to the organisation's FHIR server goes into the outbox
 * (table `outbox_job`, destination 'fhir') as one job per write, and the outbox worker delivers it. Checked here,
 * before it is kept: a FHIR resource type, an id where one is needed, a version to expect for an update, and the
 * size of the payload.
 *
 * With no FHIR connection configured (the embedded demo store, a desk that works from its own cache) there is no
 * write-back: `NO_WRITE_BACK` queues nothing, so no job for 'fhir' ever waits for a server that does not exist.
 */
import { randomUUID } from 'node:crypto';
import type { Resource } from 'fhir/r4';
import { CodedError } from '../../shared/errors';
import type { OutboxJob, OutboxJobRepository } from '../cache/repositories/outbox-jobs';
import type { FhirWrite } from './write-back-mapping';

/** The largest resource the outbox keeps for one write (the server's own limit is usually higher). */
export const MAX_WRITE_BYTES = 512 * 1024;

const TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const CLIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The version an update expects: one the desk read from the server, or the one its own earlier write (by client id) makes. */
export type ExpectedVersion = { version: string } | { after: string };

export interface WriteBack {
  /** False when no FHIR connection is configured: nothing is queued. */
  readonly enabled: boolean;
  /** Queues the conditional create of `write.resource` (a write queued twice is kept once). Null when disabled. */
  create(write: FhirWrite): OutboxJob | null;
  /**
   * Queues an update: of a server resource the desk read (`{ version }`, the resource has its server id), or of one
   * this desk created (`{ after: <its client id> }`: it goes after that create, with the id and version its answer gives).
   */
  update(resource: Resource, expect: ExpectedVersion, clientId?: string): OutboxJob | null;
  /** Queues the deletion of a server resource. */
  delete(resourceType: string, id: string, clientId?: string): OutboxJob | null;
}

/** No FHIR server configured: the desk works from its own cache and queues nothing for a server. */
export const NO_WRITE_BACK: WriteBack = Object.freeze({
  enabled: false,
  create: () => null,
  update: () => null,
  delete: () => null,
});

/** The ordering key of one server resource, and of one this desk is creating (known by its client id until the server names it). */
export const resourceKey = (type: string, id: string): string => `fhir:${type}/${id}`;
export const createKey = (type: string, clientId: string): string => `fhir:${type}?client=${clientId}`;

/** The write-back over a store's outbox; `queued` is told after each job is kept (to wake the worker). */
export function outboxWriteBack(jobs: OutboxJobRepository, queued: () => void = () => undefined): WriteBack {
  const keep = (job: Parameters<OutboxJobRepository['enqueue']>[0]): OutboxJob => {
    const kept = jobs.enqueue(job);
    queued();
    return kept;
  };
  return {
    enabled: true,
    create(write) {
      const type = checkType(write.resource.resourceType);
      checkClientId(write.clientId);
      return keep({
        clientId: write.clientId,
        destination: 'fhir',
        resourceType: type,
        operation: 'create',
        payload: payloadOf(write.resource),
        orderingKey: createKey(type, write.clientId),
      });
    },
    update(resource, expect, clientId = randomUUID()) {
      const type = checkType(resource.resourceType);
      checkClientId(clientId);
      if ('version' in expect) {
        const id = checkId(resource.id);
        if (!ID.test(expect.version)) throw new CodedError('invalidArgument', 'write-back: the expected version is not a FHIR id');
        return keep({
          clientId,
          destination: 'fhir',
          resourceType: type,
          resourceId: id,
          operation: 'update',
          payload: payloadOf(resource),
          ifMatch: expect.version,
          orderingKey: resourceKey(type, id),
        });
      }
      checkClientId(expect.after);
      return keep({
        clientId,
        destination: 'fhir',
        resourceType: type,
        operation: 'update',
        payload: payloadOf(resource),
        orderingKey: createKey(type, expect.after),
      });
    },
    delete(resourceType, id, clientId = randomUUID()) {
      const type = checkType(resourceType);
      checkClientId(clientId);
      return keep({
        clientId,
        destination: 'fhir',
        resourceType: type,
        resourceId: checkId(id),
        operation: 'delete',
        payload: '{}',
        orderingKey: resourceKey(type, id),
      });
    },
  };
}

function payloadOf(resource: Resource): string {
  const payload = JSON.stringify(resource);
  if (Buffer.byteLength(payload) > MAX_WRITE_BYTES)
    throw new CodedError('invalidArgument', `write-back: the ${resource.resourceType} is larger than ${MAX_WRITE_BYTES} bytes`);
  return payload;
}

function checkType(type: unknown): string {
  if (typeof type !== 'string' || !TYPE.test(type)) throw new CodedError('invalidArgument', 'write-back: not a FHIR resource type');
  return type;
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || !ID.test(id)) throw new CodedError('invalidArgument', 'write-back: not a FHIR id');
  return id;
}

function checkClientId(id: unknown): string {
  if (typeof id !== 'string' || !CLIENT_ID.test(id))
    throw new CodedError('invalidArgument', 'write-back: the client id must be 1–64 letters, digits, dashes or dots');
  return id;
}
