import { describe, expect, it } from '@jest/globals';
import { upgradeOrder } from './upgradeOrder.js';

const order = (nodes: [string, string][]) =>
  upgradeOrder(nodes.map(([name, role]) => ({ name, role }))).map(({ node, canary }) =>
    canary ? `${node.name}*` : node.name,
  );

describe('upgradeOrder', () => {
  it.each<[string, [string, string][], string[]]>([
    [
      'a worker first as the canary, then workers, edges, the master last',
      [
        ['rift', 'master'],
        ['svc', 'edge'],
        ['orion', 'worker'],
        ['hyperborea', 'worker'],
      ],
      ['hyperborea*', 'orion', 'svc', 'rift'],
    ],
    [
      'no worker: no canary',
      [
        ['rift', 'master'],
        ['svc', 'edge'],
      ],
      ['svc', 'rift'],
    ],
    ['the master alone', [['rift', 'master']], ['rift']],
    [
      'two edges by name',
      [
        ['b', 'edge'],
        ['a', 'edge'],
        ['w', 'worker'],
      ],
      ['w*', 'a', 'b'],
    ],
    ['nothing', [], []],
  ])('%s', (_, nodes, expected) => {
    expect(order(nodes)).toEqual(expected);
  });
});
