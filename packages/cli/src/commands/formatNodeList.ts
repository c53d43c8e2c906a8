import { NodeStatus, type NodeInfo } from '@mcp/proto';
import { statusName } from '../agent/NodeWatcher.js';
import { age, table } from '../render.js';

/** Why a node is not plainly healthy, in words; undefined when it is. */
function note(n: NodeInfo, now: Date): string | undefined {
  switch (n.status) {
    case NodeStatus.NODE_STATUS_DEGRADED:
      return `degraded: ${n.problems.join('; ') || 'its agent reports a problem'}`;
    case NodeStatus.NODE_STATUS_RESTARTING: {
      const until = n.restartExpectedUntil;
      return `restarting on purpose (mcp agent upgrade or rollback)${until ? `, expected back within ${age(now, until)}` : ''}; not probed meanwhile`;
    }
    case NodeStatus.NODE_STATUS_PROBING:
      return `probing: silent for ${age(n.lastHeartbeat, now)}, a health check is in flight`;
    case NodeStatus.NODE_STATUS_UNHEALTHY:
      return `unhealthy: its health check failed; last heard from ${n.lastHeartbeat ? `${age(n.lastHeartbeat, now)} ago` : 'never'}`;
    case NodeStatus.NODE_STATUS_UNKNOWN:
      return 'unknown: not heard from since the master started';
    case NodeStatus.NODE_STATUS_HEALTHY:
    case NodeStatus.NODE_STATUS_UNSPECIFIED:
    case NodeStatus.UNRECOGNIZED:
      return undefined;
  }
}

/**
 * `mcp node list` as people read it: one row per node with the status the
 * master is in, then a line for each node that is not plainly healthy,
 * saying why (a degraded node's problems, a restart's window).
 */
export function formatNodeList(nodes: readonly NodeInfo[], now: Date): string {
  const rows = table(
    ['name', 'role', 'address', 'arch', 'version', 'status', 'containers', 'last heartbeat'],
    nodes.map((n) => [
      n.name,
      n.role,
      n.address,
      n.arch,
      n.agentVersion || '-',
      statusName(n.status),
      String(n.containers),
      n.lastHeartbeat ? `${age(n.lastHeartbeat, now)} ago` : '-',
    ]),
  );
  const notes = nodes.flatMap((n) => {
    const line = note(n, now);
    return line ? [`${n.name}: ${line}`] : [];
  });
  return notes.length ? `${rows}\n\n${notes.join('\n')}` : rows;
}
