import type { PlacedService } from '@mcp/reconcile';
import { readStoredSpec } from '@mcp/spec';
import type { MasterStore, PlacementRecord } from '../store/MasterStore.js';

/** A placement with its stored spec read back (and checked). */
export function placedService(record: PlacementRecord): PlacedService {
  return {
    service: record.service,
    node: record.node,
    specHash: record.specHash,
    spec: readStoredSpec(record.specJson, `the master's record of service ${record.service}`),
  };
}

/**
 * Every placement with its spec.
 * @throws SpecError `CORRUPT_RECORD` naming the first record that no longer reads as a spec.
 */
export function placedServices(store: MasterStore): PlacedService[] {
  return store.listPlacements().map(placedService);
}
