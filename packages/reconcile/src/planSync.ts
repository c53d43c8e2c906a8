import { planPlacements, type PlacementError } from '@mcp/placement';
import { hashSpec, type ServiceSpec } from '@mcp/spec';
import {
  isBadRequest,
  planDeploy,
  type DeployNode,
  type DeployPlan,
  type PlacedService,
  type RefusedDeploy,
} from './planDeploy.js';
import { dnsPlanIsEmpty, type DnsRecord } from './planDnsRecords.js';
import { edgePlanIsEmpty, type RecordedEdgeRoute } from './planEdgeRoutes.js';

/** Everything a sync is planned from. */
export interface SyncPlanInput {
  /** The complete set of service definitions; a placed service missing from it is deleted. */
  readonly specs: readonly ServiceSpec[];
  readonly zone: string;
  readonly placements: readonly PlacedService[];
  /** Every A record the master holds, by service. */
  readonly dnsRecords: ReadonlyMap<string, readonly DnsRecord[]>;
  /** Every edge route the master recorded. */
  readonly edgeRoutes: readonly RecordedEdgeRoute[];
  /** The master's `[edge] allowed_domains`. */
  readonly allowedDomains: readonly string[];
  readonly nodes: readonly DeployNode[];
  readonly masterTakesWorkers: boolean;
  readonly dnsManaged: boolean;
}

/** One service of a sync plan. */
export type SyncEntry =
  | {
      readonly service: string;
      readonly action: 'create' | 'update' | 'unchanged';
      /** What deploying the spec would do (or why it cannot). */
      readonly plan: DeployPlan | RefusedDeploy;
      readonly oldHash: string;
      readonly newHash: string;
    }
  | {
      readonly service: string;
      readonly action: 'delete';
      readonly node: string;
      readonly oldHash: string;
      readonly newHash: '';
    };

/**
 * Plans making the fleet match `specs`: each spec gets exactly the plan a
 * deploy of it would run (`planDeploy`), with new services placed together
 * so that load spreads as deploying them one by one would; a placed service
 * is `unchanged` when its spec hash, its DNS records and its edge routes are current,
 * `update` otherwise; placed services absent from `specs` are deleted.
 * Entries are sorted by service name.
 */
export function planSync(input: SyncPlanInput): SyncEntry[] {
  const placed = new Map(input.placements.map((p) => [p.service, p]));
  const creates = input.specs.filter((spec) => !placed.has(spec.name));
  const bulk = planPlacements(
    creates.map((s) => ({ service: s.name, tier: s.tier, node: s.node, components: s.components.length })),
    input.nodes,
    { masterTakesWorkers: input.masterTakesWorkers },
  );
  const decided = new Map(creates.map((spec, i) => [spec.name, bulk[i]!]));
  const entries: SyncEntry[] = input.specs.map((spec) => {
    const previous = placed.get(spec.name);
    const bulkResult = decided.get(spec.name);
    const plan =
      bulkResult && !bulkResult.ok
        ? refusedByPlacement(spec, bulkResult.error)
        : planDeploy({
            spec,
            zone: input.zone,
            placements: input.placements,
            dnsRecords: input.dnsRecords.get(spec.name) ?? [],
            edgeRoutes: input.edgeRoutes,
            allowedDomains: input.allowedDomains,
            nodes: input.nodes,
            masterTakesWorkers: input.masterTakesWorkers,
            dnsManaged: input.dnsManaged,
            decision: bulkResult?.ok ? bulkResult.decision : undefined,
          });
    const current = plan.ok && !plan.specChanged && dnsCurrent(plan) && edgePlanIsEmpty(plan.edge);
    return {
      service: spec.name,
      action: previous === undefined ? 'create' : current ? 'unchanged' : 'update',
      plan,
      oldHash: previous?.specHash ?? '',
      newHash: plan.hash,
    };
  });
  const wanted = new Set(input.specs.map((s) => s.name));
  for (const p of input.placements) {
    if (!wanted.has(p.service)) {
      entries.push({ service: p.service, action: 'delete', node: p.node, oldHash: p.specHash, newHash: '' });
    }
  }
  return entries.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/** Unmanaged DNS is always current; managed DNS when nothing is to set or remove. */
function dnsCurrent(plan: DeployPlan): boolean {
  if (!plan.dnsManaged) return true;
  return plan.dnsProblem === undefined && (plan.dns === undefined || dnsPlanIsEmpty(plan.dns));
}

function refusedByPlacement(spec: ServiceSpec, error: PlacementError): RefusedDeploy {
  const refused = { ok: false, service: spec.name, hash: hashSpec(spec), previous: undefined } as const;
  return { ...refused, error: error.message, badRequest: isBadRequest(error) };
}
