import { planPlacements } from '@mcp/placement';
import { SyncAction, type StepResult, type SyncPlanEntry, type SyncResult } from '@mcp/proto';
import { hashSpec, type ServiceSpec } from '@mcp/spec';
import type { Fleet } from '../fleet/Fleet.js';
import type { MasterStore } from '../store/MasterStore.js';
import type { Orchestrator } from './Orchestrator.js';

/**
 * Makes the fleet match a complete set of service definitions. The plan is
 * computed first (and is all a dry run returns): creates, updates (spec hash
 * changed, or DNS not in place), deletes (placed but absent from the set) and
 * unchanged. Applying runs creates and updates, then deletes.
 */
export class Syncer {
  constructor(
    private readonly deps: {
      store: MasterStore;
      fleet: Fleet;
      orchestrator: Orchestrator;
      masterTakesWorkers: boolean;
    },
  ) {}

  plan(specs: ServiceSpec[]): SyncPlanEntry[] {
    const { store, fleet, orchestrator } = this.deps;
    const placements = new Map(store.listPlacements().map((p) => [p.service, p]));
    const entries: SyncPlanEntry[] = [];
    const creates = specs.filter((s) => !placements.has(s.name));
    const decided = planPlacements(
      creates.map((s) => ({ service: s.name, tier: s.tier, node: s.node, components: s.components.length })),
      fleet.placementNodes(),
      { masterTakesWorkers: this.deps.masterTakesWorkers },
    );
    creates.forEach((spec, i) => {
      const d = decided[i]!;
      entries.push({
        service: spec.name,
        action: SyncAction.SYNC_ACTION_CREATE,
        node: d.ok ? d.decision.node : '',
        oldHash: '',
        newHash: hashSpec(spec),
        error: d.ok ? '' : d.error.message,
      });
    });
    for (const spec of specs.filter((s) => placements.has(s.name))) {
      const p = placements.get(spec.name)!;
      const hash = hashSpec(spec);
      const address = fleet.get(p.node)?.address;
      const current = p.specHash === hash && (!address || orchestrator.dnsCurrent(spec, address));
      entries.push({
        service: spec.name,
        action: current ? SyncAction.SYNC_ACTION_UNCHANGED : SyncAction.SYNC_ACTION_UPDATE,
        node: p.node,
        oldHash: p.specHash,
        newHash: hash,
        error: '',
      });
    }
    const wanted = new Set(specs.map((s) => s.name));
    for (const p of placements.values()) {
      if (wanted.has(p.service)) continue;
      entries.push({
        service: p.service,
        action: SyncAction.SYNC_ACTION_DELETE,
        node: p.node,
        oldHash: p.specHash,
        newHash: '',
        error: '',
      });
    }
    return entries.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  }

  async apply(specs: ServiceSpec[], plan: SyncPlanEntry[]): Promise<SyncResult[]> {
    const bySpec = new Map(specs.map((s) => [s.name, s]));
    const results: SyncResult[] = [];
    const upserts = plan.filter(
      (e) => e.action === SyncAction.SYNC_ACTION_CREATE || e.action === SyncAction.SYNC_ACTION_UPDATE,
    );
    for (const entry of upserts) {
      const outcome = await this.deps.orchestrator.deploy(bySpec.get(entry.service)!);
      results.push({
        service: entry.service,
        action: entry.action,
        success: outcome.success,
        steps: outcome.steps,
      });
    }
    for (const entry of plan.filter((e) => e.action === SyncAction.SYNC_ACTION_DELETE)) {
      let steps: StepResult[];
      try {
        steps = (await this.deps.orchestrator.undeploy(entry.service)).steps;
      } catch (error) {
        steps = [{ step: 'undeploy', success: false, error: (error as Error).message, detail: '' }];
      }
      results.push({
        service: entry.service,
        action: entry.action,
        success: steps.every((s) => s.success),
        steps,
      });
    }
    return results;
  }
}
