import { NodeStatus, type EdgeNodeStatus } from '@mcp/proto';
import { ClientError, Status } from 'nice-grpc';
import type { AgentPool } from '../fleet/AgentPool.js';
import type { Fleet, NodeHealth } from '../fleet/Fleet.js';
import type { MasterStore } from '../store/MasterStore.js';

const STATUS: Record<NodeHealth, NodeStatus> = {
  unknown: NodeStatus.NODE_STATUS_UNKNOWN,
  healthy: NodeStatus.NODE_STATUS_HEALTHY,
  probing: NodeStatus.NODE_STATUS_PROBING,
  unhealthy: NodeStatus.NODE_STATUS_UNHEALTHY,
};

/**
 * For each edge node: the routes its agent reports, and how they differ from
 * what the master recorded (missing on the edge, or unexpected there). An
 * edge agent that does not answer shows as unknown with every recorded route
 * missing.
 */
export async function edgeStatus(
  deps: { store: MasterStore; fleet: Fleet; agents: AgentPool },
  timeoutMs: number,
): Promise<EdgeNodeStatus[]> {
  const recorded = deps.store.listEdgeRoutes();
  const edges = deps.fleet.list().filter((n) => n.record.role === 'edge');
  return Promise.all(
    edges.map(async (edge): Promise<EdgeNodeStatus> => {
      const name = edge.record.name;
      const want = recorded.filter((r) => r.edgeNode === name).map((r) => r.hostname);
      try {
        const { routes } = await deps.agents
          .client(edge.record.address)
          .listEdgeRoutes({}, { signal: AbortSignal.timeout(timeoutMs) });
        const have = new Set(routes.map((r) => r.hostname));
        return {
          node: name,
          status: STATUS[edge.health],
          routes,
          missingHostnames: want.filter((h) => !have.has(h)),
          unexpectedHostnames: [...have].filter((h) => !want.includes(h)).sort(),
        };
      } catch (error) {
        // An agent without edge support answered, so its health is known; only silence is unknown.
        const answered = error instanceof ClientError && error.code === Status.UNIMPLEMENTED;
        const status = answered ? STATUS[edge.health] : NodeStatus.NODE_STATUS_UNKNOWN;
        return { node: name, status, routes: [], missingHostnames: want, unexpectedHostnames: [] };
      }
    }),
  );
}
