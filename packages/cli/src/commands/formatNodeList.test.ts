import { describe, expect, it } from '@jest/globals';
import { NodeStatus, type NodeInfo } from '@mcp/proto';
import { formatNodeList } from './formatNodeList.js';

const NOW = new Date('2026-12-01T13:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

const node = (name: string, status: NodeStatus, extra: Partial<NodeInfo> = {}): NodeInfo =>
  ({
    name,
    role: 'worker',
    address: '100.64.0.2:9444',
    arch: 'amd64',
    agentVersion: '0.2.0',
    status,
    containers: 1,
    lastHeartbeat: ago(2),
    problems: [],
    agentInstanceId: '',
    restartExpectedUntil: undefined,
    ...extra,
  }) as NodeInfo;

describe('formatNodeList', () => {
  it.each<[string, NodeInfo, string, string | undefined]>([
    ['healthy', node('orion', NodeStatus.NODE_STATUS_HEALTHY), 'healthy', undefined],
    [
      'probing while a probe is in flight, not unknown',
      node('orion', NodeStatus.NODE_STATUS_PROBING, { lastHeartbeat: ago(3) }),
      'probing',
      'orion: probing: silent for 3s, a health check is in flight',
    ],
    [
      'unknown only for a node not heard from since the master started',
      node('orion', NodeStatus.NODE_STATUS_UNKNOWN, { lastHeartbeat: undefined }),
      'unknown',
      'orion: unknown: not heard from since the master started',
    ],
    [
      'unhealthy',
      node('orion', NodeStatus.NODE_STATUS_UNHEALTHY, { lastHeartbeat: ago(120) }),
      'unhealthy',
      'orion: unhealthy: its health check failed; last heard from 2m ago',
    ],
    [
      'degraded, with why',
      node('orion', NodeStatus.NODE_STATUS_DEGRADED, {
        problems: ['proxy: connect ENOENT /run/caddy/admin.sock'],
      }),
      'degraded',
      'orion: degraded: proxy: connect ENOENT /run/caddy/admin.sock',
    ],
    [
      'restarting, with the window',
      node('orion', NodeStatus.NODE_STATUS_RESTARTING, {
        restartExpectedUntil: new Date(NOW.getTime() + 45_000),
      }),
      'restarting',
      'orion: restarting on purpose (mcp agent upgrade or rollback), expected back within 45s; not probed meanwhile',
    ],
  ])('%s', (_, info, status, note) => {
    const out = formatNodeList([info], NOW).split('\n');
    expect(out[0]).toMatch(/^NAME\s+ROLE\s+ADDRESS\s+ARCH\s+VERSION\s+STATUS\s+CONTAINERS\s+LAST HEARTBEAT$/);
    expect(out[1]).toMatch(new RegExp(`^orion\\s+worker\\s+\\S+\\s+amd64\\s+0\\.2\\.0\\s+${status}\\s+1\\s`));
    expect(out.slice(3)).toEqual(note ? [note] : []);
  });

  it('shows - for an agent that reported no version, and a note per node that is not healthy', () => {
    const out = formatNodeList(
      [
        node('orion', NodeStatus.NODE_STATUS_HEALTHY, { agentVersion: '' }),
        node('rift', NodeStatus.NODE_STATUS_DEGRADED, {
          problems: ['proxy: down', 'container runtime: gone'],
        }),
      ],
      NOW,
    );
    expect(out).toMatch(/^orion\s+worker\s+\S+\s+amd64\s+-\s+healthy/m);
    expect(out.split('\n').at(-1)).toBe('rift: degraded: proxy: down; container runtime: gone');
  });
});
