import type { PlacedService } from '@mcp/reconcile';
import { readStoredSpec, type ServiceSpec } from '@mcp/spec';
import type { MasterStore, PlacementRecord } from '../store/MasterStore.js';

/**
 * Stored specs already read and checked, by their exact JSON: `Status`,
 * certificate requests, deploys and syncs read every placement's spec, and
 * checking one costs about 0.4 ms, which a Status over 16 nodes paid 16
 * times on the master's one thread. A record's JSON changes only with a
 * deploy, so the JSON is the key; entries are frozen, since every caller
 * shares them. Bounded: past {@link SPEC_CACHE_SIZE} the oldest goes.
 */
const specs = new Map<string, ServiceSpec>();
const SPEC_CACHE_SIZE = 1_024;

function storedSpec(record: PlacementRecord): ServiceSpec {
  const known = specs.get(record.specJson);
  if (known) return known;
  const spec = deepFreeze(
    readStoredSpec(record.specJson, `the master's record of service ${record.service}`),
  );
  if (specs.size >= SPEC_CACHE_SIZE) specs.delete(specs.keys().next().value!);
  specs.set(record.specJson, spec);
  return spec;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A placement with its stored spec read back (and checked). The spec is frozen. */
export function placedService(record: PlacementRecord): PlacedService {
  return {
    service: record.service,
    node: record.node,
    specHash: record.specHash,
    spec: storedSpec(record),
  };
}

/**
 * Every placement with its spec.
 * @throws SpecError `CORRUPT_RECORD` naming the first record that no longer reads as a spec.
 */
export function placedServices(store: MasterStore): PlacedService[] {
  return store.listPlacements().map(placedService);
}
