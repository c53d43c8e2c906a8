import { NodeStatus } from '@mcp/proto';
import type { NodeState } from '../fleet/Fleet.js';

const STATUS: Record<NodeState, NodeStatus> = {
  unknown: NodeStatus.NODE_STATUS_UNKNOWN,
  healthy: NodeStatus.NODE_STATUS_HEALTHY,
  probing: NodeStatus.NODE_STATUS_PROBING,
  unhealthy: NodeStatus.NODE_STATUS_UNHEALTHY,
};

/** A node's state as the proto carries it: the one mapping. */
export function toNodeStatus(state: NodeState): NodeStatus {
  return STATUS[state];
}
