import type { NodeInfo } from '@mcp/proto';
import type { NodeView } from '../fleet/Fleet.js';
import { toNodeStatus } from './toNodeStatus.js';

/** A node as ListNodes reports it: the state the master is in, not a fresh guess. */
export function toNodeInfo(view: NodeView): NodeInfo {
  return {
    name: view.record.name,
    role: view.record.role,
    address: view.record.address,
    arch: view.record.arch,
    agentVersion: view.record.agentVersion ?? '',
    status: toNodeStatus(view.state, view.problems),
    containers: view.resources?.containers ?? 0,
    lastHeartbeat: view.lastHeartbeat,
    resources: view.resources,
    registeredAt: view.record.registeredAt === undefined ? undefined : new Date(view.record.registeredAt),
    bootstrap: view.record.bootstrap,
    proxyPort: view.record.proxyPort ?? 0,
    agentInstanceId: view.instanceId,
    restartExpectedUntil: view.restartUntil,
    problems: [...view.problems],
  };
}
