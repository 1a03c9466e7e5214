/**
 * The encrypted store and its repositories: the public API the main process wires to IPC.
 * Everything else in electron/cache is internal.
 */
export { openStore, Store, type OpenStoreOptions, type StoreStats } from './store';
export { PatientRepository } from './repositories/patients';
export { AuditRepository, type DisclosureDecision, type MonitoringRecord } from './repositories/audit';
export { ImportRepository } from './repositories/imports';
export { PracticeAttemptRepository, type PracticeAttemptRow } from './repositories/practice-attempts';
export { OutboxJobRepository, type NewOutboxJob, type OutboxJob, type OutboxStatus } from './repositories/outbox-jobs';
export { ContactRecordRepository, type CallRecord, type WrapUpRecord, type SurveyAnswer } from './repositories/contact-records';
export { ensureDemoStore, type DemoStoreOptions } from './demo-store';
export { keyFileProvider, sealedKeyFileProvider, staticKeyProvider, type KeyProvider, type SafeStorageLike } from './key-provider';
export type { AuditContext } from './audit/audit-event';
export type { AuditEvent } from './audit/audit-event';
export type { AuditVerification } from './audit/audit-log';
export type { ImportIssue, ImportOptions, ImportProgress, ImportReport } from './import/import-types';
export { formatIssue } from './import/importer';
export { validateResource } from './fhir/validate';
export { importInWorker, type WorkerImportOptions } from './import/import-in-worker';
export { generateResources, type GeneratorOptions } from './synthetic/generator';
export { writeNdjson } from './synthetic/write-ndjson';
export { toE164, DEFAULT_REGION, type Region } from './phone';
export { defaultDataDir, defaultDbPath, defaultKeyFilePath } from './default-paths';
export { LATEST_SCHEMA_VERSION } from './migrations';
export { storeError } from './store-errors';
export { Spans, type SpanTimings } from './spans';
export type { CheckpointSink, Checkpoint } from './audit/checkpoint-sink';
export type { ResourceVersion } from './repositories/resource-history';
export { ServerCopyRepository, SERVER_COPY_CONTEXT } from './repositories/server-copy';
export { EhrSyncStateRepository, type EhrSyncStateKey } from './repositories/ehr-sync-state';
