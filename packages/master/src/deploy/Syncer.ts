import { SyncAction, type StepResult, type SyncPlanEntry, type SyncResult } from '@mcp/proto';
import { planSync, type SyncEntry } from '@mcp/reconcile';
import type { ServiceSpec } from '@mcp/spec';
import type { DeployDeps } from './DeployDeps.js';
import type { Orchestrator } from './Orchestrator.js';
import { placedServices } from './placedServices.js';

const ACTION: Record<SyncEntry['action'], SyncAction> = {
  create: SyncAction.SYNC_ACTION_CREATE,
  update: SyncAction.SYNC_ACTION_UPDATE,
  delete: SyncAction.SYNC_ACTION_DELETE,
  unchanged: SyncAction.SYNC_ACTION_UNCHANGED,
};

/**
 * Makes the fleet match a complete set of service definitions. The plan
 * (`@mcp/reconcile`'s `planSync`: for each spec the plan its deploy would
 * run) is all a dry run returns; applying runs creates and updates, then
 * deletes.
 */
export class Syncer {
  constructor(private readonly deps: DeployDeps & { orchestrator: Orchestrator }) {}

  plan(specs: readonly ServiceSpec[]): SyncEntry[] {
    const { store, fleet, zone, masterTakesWorkers, dnsManaged, allowedDomains } = this.deps;
    const placements = placedServices(store);
    return planSync({
      specs,
      zone,
      placements,
      dnsRecords: new Map(placements.map((p) => [p.service, store.dnsRecordsOf(p.service)])),
      edgeRoutes: store.listEdgeRoutes(),
      allowedDomains,
      nodes: fleet.deployNodes(),
      masterTakesWorkers,
      dnsManaged,
    });
  }

  async apply(specs: readonly ServiceSpec[], plan: readonly SyncEntry[]): Promise<SyncResult[]> {
    const bySpec = new Map(specs.map((s) => [s.name, s]));
    const results: SyncResult[] = [];
    for (const entry of plan) {
      if (entry.action !== 'create' && entry.action !== 'update') continue;
      const decision = entry.plan.ok && entry.action === 'create' ? entry.plan : undefined;
      const outcome = await this.deps.orchestrator.deploy(
        bySpec.get(entry.service)!,
        undefined,
        decision && { service: decision.service, node: decision.node, reason: decision.reason },
      );
      results.push({
        service: entry.service,
        action: ACTION[entry.action],
        success: outcome.success,
        steps: outcome.steps,
      });
    }
    for (const entry of plan.filter((e) => e.action === 'delete')) {
      let steps: StepResult[];
      try {
        steps = (await this.deps.orchestrator.undeploy(entry.service)).steps;
      } catch (error) {
        steps = [{ step: 'undeploy', success: false, error: (error as Error).message, detail: '' }];
      }
      results.push({
        service: entry.service,
        action: ACTION.delete,
        success: steps.every((s) => s.success),
        steps,
      });
    }
    return results;
  }
}

/** A sync plan entry as the proto carries it. */
export function syncEntryToProto(entry: SyncEntry): SyncPlanEntry {
  const base = {
    service: entry.service,
    action: ACTION[entry.action],
    oldHash: entry.oldHash,
    newHash: entry.newHash,
  };
  if (entry.action === 'delete') return { ...base, node: entry.node, error: '' };
  return entry.plan.ok
    ? { ...base, node: entry.plan.node, error: '' }
    : { ...base, node: '', error: entry.plan.error };
}
