import { hashSpec, type ServiceSpec } from '@mcp/spec';
import { nextRevision, revisionsToForget, REVISIONS_KEPT } from '@mcp/reconcile';
import type { MasterStore, RevisionRecord } from '../store/MasterStore.js';

/** Who deployed a revision, and why, as `mcp history` shows it. */
export interface DeployOrigin {
  /** The caller's identity. Default `unknown`. */
  by?: string;
  /** Default empty; a rollback says which revision it brought back. */
  note?: string;
}

/**
 * Records `spec` as the service's newest revision after the agent deployed
 * it, keeping the newest {@link REVISIONS_KEPT}. The same spec as the newest
 * revision again (a redeploy that changed nothing) adds none.
 *
 * @returns the revision the service is now at.
 */
export function recordRevision(
  store: MasterStore,
  spec: ServiceSpec,
  at: Date,
  origin: DeployOrigin = {},
): RevisionRecord {
  const kept = store.listRevisions(spec.name);
  const specHash = hashSpec(spec);
  if (kept[0]?.specHash === specHash) return kept[0];
  const record: RevisionRecord = {
    service: spec.name,
    revision: nextRevision(kept),
    specJson: JSON.stringify(spec),
    specHash,
    deployedAt: at.toISOString(),
    deployedBy: origin.by ?? 'unknown',
    note: origin.note ?? '',
  };
  const forget = revisionsToForget([record, ...kept], REVISIONS_KEPT).map((r) => r.revision);
  store.addRevision(record, forget);
  return record;
}
