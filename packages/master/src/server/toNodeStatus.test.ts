import { describe, expect, it } from '@jest/globals';
import { NodeStatus } from '@mcp/proto';
import type { NodeState } from '../fleet/Fleet.js';
import { toNodeStatus } from './toNodeStatus.js';

describe('toNodeStatus: the state the master is in, as ListNodes shows it', () => {
  const proxyDown = ['proxy: connect ENOENT /run/caddy/admin.sock'];
  it.each<[NodeState, string[], NodeStatus]>([
    ['unknown', [], NodeStatus.NODE_STATUS_UNKNOWN],
    ['healthy', [], NodeStatus.NODE_STATUS_HEALTHY],
    ['probing', [], NodeStatus.NODE_STATUS_PROBING],
    ['unhealthy', [], NodeStatus.NODE_STATUS_UNHEALTHY],
    ['restarting', [], NodeStatus.NODE_STATUS_RESTARTING],
    ['healthy', proxyDown, NodeStatus.NODE_STATUS_DEGRADED],
    // The master's own verdict comes first: a silent node is probing, not degraded.
    ['probing', proxyDown, NodeStatus.NODE_STATUS_PROBING],
    ['unhealthy', proxyDown, NodeStatus.NODE_STATUS_UNHEALTHY],
    ['restarting', proxyDown, NodeStatus.NODE_STATUS_RESTARTING],
  ])('%s with problems %j → %s', (state, problems, status) => {
    expect(toNodeStatus(state, problems)).toBe(status);
  });
});
