import { describe, expect, it } from '@jest/globals';
import { certificateRefusal } from './certificateRefusal.js';
import { nameAssignments } from './nameAssignments.js';
import { placed, spec } from './testing/specs.js';

const assignments = nameAssignments({
  zone: 'z.test',
  placements: [placed(spec('hello', { component: 'web' }), 'rift', 'h'), placed(spec('wiki'), 'orion', 'w')],
  edgeRoutes: [{ hostname: 'hello.example.net', edgeNode: 'svc', service: 'hello' }],
  pending: [{ node: 'hyperborea', service: 'new', names: ['new.svc.mcp.z.test'] }],
});

describe('certificateRefusal', () => {
  it.each<[string, string, string, string | undefined]>([
    ['a service placed on the node', 'rift', 'web.svc.mcp.z.test', undefined],
    ['a service being deployed to the node', 'hyperborea', 'new.svc.mcp.z.test', undefined],
    ['a public name assigned to the edge', 'svc', 'hello.example.net', undefined],
    [
      "another node's service",
      'orion',
      'web.svc.mcp.z.test',
      'it belongs to service hello, which the master put on rift, not on orion',
    ],
    [
      'a public name assigned to an edge, asked for by a worker',
      'rift',
      'hello.example.net',
      'it belongs to service hello, which the master put on svc, not on rift',
    ],
    [
      'a name nobody has',
      'orion',
      'nobody.svc.mcp.z.test',
      'the master has put nothing served under that name on orion',
    ],
    [
      'a public name not assigned',
      'svc',
      'other.example.net',
      'the master has put nothing served under that name on svc',
    ],
  ])('%s', (_, node, name, refusal) => {
    expect(certificateRefusal(node, name, assignments)).toBe(refusal);
  });
});
