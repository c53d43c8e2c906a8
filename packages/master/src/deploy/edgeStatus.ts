import { diffEdgeRoutes } from '@mcp/edge';
import { NodeStatus, type EdgeNodeStatus } from '@mcp/proto';
import { ClientError, Status } from 'nice-grpc';
import type { AgentPool } from '../fleet/AgentPool.js';
import type { Fleet } from '../fleet/Fleet.js';
import { toNodeStatus } from '../server/toNodeStatus.js';
import type { MasterStore } from '../store/MasterStore.js';

/**
 * For each edge node: the routes its agent reports, each with whether the
 * edge reaches its backend over TLS right now, and how they differ from
 * what the master recorded (`@mcp/edge`'s `diffEdgeRoutes`: missing on the
 * edge, unexpected there, or forwarding elsewhere). An edge agent that does not answer shows
 * as unknown with every recorded route missing.
 */
export async function edgeStatus(
  deps: { store: MasterStore; fleet: Fleet; agents: AgentPool },
  timeoutMs: number,
): Promise<EdgeNodeStatus[]> {
  const recorded = deps.store.listEdgeRoutes();
  const edges = deps.fleet.list().filter((n) => n.record.role === 'edge');
  return Promise.all(
    edges.map(async (edge): Promise<EdgeNodeStatus> => {
      const node = edge.record.name;
      const desired = recorded.filter((r) => r.edgeNode === node);
      try {
        const { routes } = await deps.agents
          .client(edge.record)
          .listEdgeRoutes({ checkBackends: true }, { signal: AbortSignal.timeout(timeoutMs) });
        const diff = diffEdgeRoutes(
          desired,
          routes.map((r) => ({ ...r, edgeNode: node })),
        );
        return {
          node,
          status: toNodeStatus(edge.state, edge.problems),
          routes,
          missingHostnames: diff.add.map((r) => r.hostname),
          unexpectedHostnames: diff.remove.map((r) => r.hostname),
          differingHostnames: diff.update.map((u) => u.desired.hostname),
        };
      } catch (error) {
        // An agent without edge support answered, so its state is known; only silence is unknown.
        const answered = error instanceof ClientError && error.code === Status.UNIMPLEMENTED;
        return {
          node,
          status: answered ? toNodeStatus(edge.state, edge.problems) : NodeStatus.NODE_STATUS_UNKNOWN,
          routes: [],
          missingHostnames: desired.map((r) => r.hostname),
          unexpectedHostnames: [],
          differingHostnames: [],
        };
      }
    }),
  );
}
