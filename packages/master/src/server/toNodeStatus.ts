import { NodeStatus } from '@mcp/proto';
import type { NodeState } from '../fleet/Fleet.js';

const STATUS: Record<NodeState, NodeStatus> = {
  unknown: NodeStatus.NODE_STATUS_UNKNOWN,
  healthy: NodeStatus.NODE_STATUS_HEALTHY,
  probing: NodeStatus.NODE_STATUS_PROBING,
  unhealthy: NodeStatus.NODE_STATUS_UNHEALTHY,
  restarting: NodeStatus.NODE_STATUS_RESTARTING,
};

/**
 * A node's state as the proto carries it: the one mapping. A healthy node
 * whose agent reports problems (its proxy, its container runtime) is
 * `degraded`; every other state is shown as the master is in it, whatever
 * the agent last said.
 */
export function toNodeStatus(state: NodeState, problems: readonly string[] = []): NodeStatus {
  if (state === 'healthy' && problems.length > 0) return NodeStatus.NODE_STATUS_DEGRADED;
  return STATUS[state];
}
