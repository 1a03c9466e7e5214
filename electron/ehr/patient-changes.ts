/** The sync engine's changed patients as the domain event `patient.changed` (ids only), for an open patient view to refresh. */
import type { DomainEventBus } from '../main/domain-events';
import type { SyncEngine } from './sync-engine';

export function publishPatientChanges(engine: SyncEngine, bus: DomainEventBus): () => void {
  return engine.onPatientsChanged((patientIds) => {
    bus.emit('patient.changed', { patientIds, source: 'sync' });
  });
}
