import { describe, expect, it } from '@jest/globals';
import { chooseEdgeNode } from './chooseEdgeNode.js';
import { catchEdgeError } from './testing/catchEdgeError.js';
import type { EdgeNodeCandidate } from './types.js';

const node = (name: string, role: EdgeNodeCandidate['role'], healthy = true): EdgeNodeCandidate => ({
  name,
  role,
  healthy,
});

describe('chooseEdgeNode', () => {
  it.each<[string, EdgeNodeCandidate[], string]>([
    ['the only edge node', [node('rift', 'master'), node('svc', 'edge')], 'svc'],
    [
      'the first healthy edge node by name',
      [node('zeta', 'edge'), node('alpha', 'edge'), node('mid', 'edge')],
      'alpha',
    ],
    ['skipping unhealthy ones', [node('alpha', 'edge', false), node('beta', 'edge')], 'beta'],
    ['in code-unit order, not locale order', [node('b', 'edge'), node('B', 'edge')], 'B'],
  ])('picks %s', (_, nodes, name) => {
    expect(chooseEdgeNode(nodes).name).toBe(name);
    expect(chooseEdgeNode([...nodes].reverse()).name).toBe(name);
  });

  it('returns the node object it was given, extra fields and all', () => {
    const svc = { ...node('svc', 'edge'), address: '100.64.0.9' };
    expect(chooseEdgeNode([svc])).toBe(svc);
  });

  it.each<[string, EdgeNodeCandidate[], string]>([
    ['no nodes', [], 'no edge node is registered'],
    ['only workers', [node('rift', 'master'), node('orion', 'worker')], 'no edge node is registered'],
    [
      'only unhealthy edge nodes',
      [node('svc2', 'edge', false), node('orion', 'worker'), node('svc', 'edge', false)],
      'no healthy edge node: every edge node is unhealthy ("svc", "svc2")',
    ],
  ])('refuses %s', (_, nodes, message) => {
    const error = catchEdgeError(() => chooseEdgeNode(nodes));
    expect(error.code).toBe('NO_EDGE_NODE');
    expect(error.message).toContain(message);
  });
});
