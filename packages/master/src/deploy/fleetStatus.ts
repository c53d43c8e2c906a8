import { FindingKind, type Finding, type ServiceStatus } from '@mcp/proto';
import {
  edgeRouteFindings,
  statusReport,
  type AgentAnswer,
  type EdgeAnswer,
  type FindingKind as ReportFindingKind,
} from '@mcp/reconcile';
import type { AgentPool } from '../fleet/AgentPool.js';
import type { Fleet } from '../fleet/Fleet.js';
import type { MasterStore } from '../store/MasterStore.js';
import { describeCallError } from './describeCallError.js';
import { placedService } from './placedServices.js';

/** Every placed service with what its agent says, plus what needs an operator's eye. */
export interface FleetStatus {
  services: ServiceStatus[];
  findings: Finding[];
}

const FINDING: Record<ReportFindingKind, FindingKind> = {
  'stale-placement': FindingKind.FINDING_KIND_STALE_PLACEMENT,
  orphan: FindingKind.FINDING_KIND_ORPHAN,
  'unhealthy-node': FindingKind.FINDING_KIND_UNHEALTHY_NODE,
  'agent-unreachable': FindingKind.FINDING_KIND_AGENT_UNREACHABLE,
  'edge-route': FindingKind.FINDING_KIND_EDGE_ROUTE,
};

/**
 * Asks every registered agent for its services in parallel, each with
 * `timeoutMs`, and compares with the placements (`@mcp/reconcile`'s
 * `statusReport`). An agent that does not answer leaves its services with
 * their desired state and an unknown observed state; the others still
 * answer. Read-only.
 */
export async function fleetStatus(
  deps: { store: MasterStore; fleet: Fleet; agents: AgentPool },
  timeoutMs: number,
  only?: string,
): Promise<FleetStatus> {
  const nodes = deps.fleet.list();
  const answers = await Promise.all(
    nodes.map(async (n): Promise<AgentAnswer<ServiceStatus>> => {
      try {
        const reply = await deps.agents
          .client(n.record)
          .status({ service: '' }, { signal: AbortSignal.timeout(timeoutMs) });
        return { node: n.record.name, services: reply.services.map((s) => ({ ...s, node: n.record.name })) };
      } catch (error) {
        return { node: n.record.name, error: describeCallError(error) };
      }
    }),
  );
  const placements = deps.store.listPlacements().map((record) => {
    const placed = placedService(record);
    return {
      service: placed.service,
      node: placed.node,
      specHash: placed.specHash,
      active: placed.spec.active,
    };
  });
  const report = statusReport({
    nodes: nodes.map((n) => ({ name: n.record.name, status: n.state })),
    placements,
    answers,
    only,
  });
  const edgeFindings =
    only === undefined
      ? edgeRouteFindings(deps.store.listEdgeRoutes(), await edgeAnswers(deps, timeoutMs))
      : [];
  const silent = new Set(answers.filter((a) => 'error' in a).map((a) => a.node));
  return {
    services: report.services.map(
      (s): ServiceStatus =>
        s.observed ?? {
          name: s.service,
          node: s.node,
          active: s.desiredActive,
          specHash: s.specHash,
          components: [],
          drift: true,
          driftReasons: [s.unknownBecause ?? 'unknown'],
          // Unknown only when the agent did not answer; one that answered without it is a stale placement.
          observedUnknown: silent.has(s.node),
        },
    ),
    findings: [...report.findings, ...edgeFindings].map((f) => ({ ...f, kind: FINDING[f.kind] })),
  };
}

/** What every edge agent serves (routes only; backends are not probed here). */
function edgeAnswers(deps: { fleet: Fleet; agents: AgentPool }, timeoutMs: number): Promise<EdgeAnswer[]> {
  const edges = deps.fleet.list().filter((n) => n.record.role === 'edge');
  return Promise.all(
    edges.map(async (edge): Promise<EdgeAnswer> => {
      try {
        const { routes } = await deps.agents
          .client(edge.record)
          .listEdgeRoutes({ checkBackends: false }, { signal: AbortSignal.timeout(timeoutMs) });
        return { node: edge.record.name, routes };
      } catch (error) {
        return { node: edge.record.name, error: describeCallError(error) };
      }
    }),
  );
}
