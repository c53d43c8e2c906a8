import { NodeStatus, type NodeInfo } from '@mcp/proto';
import type { NodeHealth, NodeView } from '../fleet/Fleet.js';

const STATUS: Record<NodeHealth, NodeStatus> = {
  unknown: NodeStatus.NODE_STATUS_UNKNOWN,
  healthy: NodeStatus.NODE_STATUS_HEALTHY,
  probing: NodeStatus.NODE_STATUS_PROBING,
  unhealthy: NodeStatus.NODE_STATUS_UNHEALTHY,
};

/** A node as ListNodes reports it; `answered` is whether its agent just answered a probe. */
export function toNodeInfo(view: NodeView, live: { answered: boolean; containers?: number }): NodeInfo {
  const health: NodeHealth = live.answered
    ? view.health === 'unhealthy'
      ? 'unhealthy'
      : 'healthy'
    : view.health === 'unhealthy'
      ? 'unhealthy'
      : 'unknown';
  return {
    name: view.record.name,
    role: view.record.role,
    address: view.record.address,
    arch: view.record.arch,
    agentVersion: view.record.agentVersion ?? '',
    status: STATUS[health],
    containers: live.containers ?? view.resources?.containers ?? 0,
    lastHeartbeat: view.lastHeartbeat,
    resources: view.resources,
    registeredAt: view.record.registeredAt === undefined ? undefined : new Date(view.record.registeredAt),
    bootstrap: view.record.bootstrap,
  };
}
