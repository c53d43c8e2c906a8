import { describe, expect, it } from '@jest/globals';
import { choosePlacement } from './choosePlacement.js';
import { PlacementError } from './PlacementError.js';
import type { PlacementNode, PlacementRequest } from './types.js';

const fleet: PlacementNode[] = [
  { name: 'rift', role: 'master', healthy: true, containers: 5 },
  { name: 'orion', role: 'worker', healthy: true, containers: 2 },
  { name: 'hyperborea', role: 'worker', healthy: true, containers: 3 },
  { name: 'svc', role: 'edge', healthy: true, containers: 0 },
  { name: 'dead', role: 'worker', healthy: false, containers: 0 },
];

const req = (extra: Partial<PlacementRequest>): PlacementRequest => ({
  service: 'hello',
  components: 1,
  ...extra,
});

describe('choosePlacement', () => {
  it.each<[string, Partial<PlacementRequest>, string, string]>([
    ['worker tier goes to the least-loaded healthy worker', {}, 'orion', 'least-loaded'],
    ['tier defaults to worker', { tier: 'worker' }, 'orion', 'least-loaded'],
    ['core tier goes to the master node', { tier: 'core' }, 'rift', 'core'],
    ['a pin overrides the tier', { tier: 'core', node: 'hyperborea' }, 'hyperborea', 'pinned'],
    ['a pin may name the master', { node: 'rift' }, 'rift', 'pinned'],
    ['an existing placement is kept', { existingNode: 'hyperborea' }, 'hyperborea', 'existing'],
    ['an existing placement beats a pin', { existingNode: 'rift', node: 'orion' }, 'rift', 'existing'],
  ])('%s', (_, extra, node, reason) => {
    expect(choosePlacement(req(extra), fleet)).toEqual({ service: 'hello', node, reason });
  });

  it.each<[string, Partial<PlacementRequest>, PlacementNode[], string]>([
    ['pin to an unknown node', { node: 'nope' }, fleet, 'PINNED_NODE_UNKNOWN'],
    ['pin to an edge node', { node: 'svc' }, fleet, 'PINNED_NODE_IS_EDGE'],
    ['pin to an unhealthy node', { node: 'dead' }, fleet, 'PINNED_NODE_UNHEALTHY'],
    ['existing node unhealthy', { existingNode: 'dead' }, fleet, 'EXISTING_NODE_UNHEALTHY'],
    ['existing node gone', { existingNode: 'gone' }, fleet, 'EXISTING_NODE_UNKNOWN'],
    ['core without a master', { tier: 'core' }, fleet.slice(1), 'NO_MASTER_NODE'],
    [
      'core with an unhealthy master',
      { tier: 'core' },
      [{ name: 'rift', role: 'master', healthy: false, containers: 0 }],
      'MASTER_NODE_UNHEALTHY',
    ],
    ['no worker at all', {}, [fleet[3]!, fleet[4]!], 'NO_ELIGIBLE_NODE'],
    ['no nodes', {}, [], 'NO_ELIGIBLE_NODE'],
    ['negative components', { components: -1 }, fleet, 'INVALID_REQUEST'],
    ['fractional components', { components: 1.5 }, fleet, 'INVALID_REQUEST'],
  ])('refuses: %s', (_, extra, nodes, code) => {
    let caught: unknown;
    try {
      choosePlacement(req(extra), nodes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PlacementError);
    expect((caught as PlacementError).code).toBe(code);
    expect((caught as PlacementError).service).toBe('hello');
    expect((caught as PlacementError).message).toContain('hello');
  });

  it.each<[string, Partial<PlacementRequest>, RegExp]>([
    ['pinned', { node: 'away' }, /^hello is pinned to "away", which is restarting$/],
    ['existing', { existingNode: 'away' }, /^hello is placed on node "away", which is restarting; moving/],
    ['unnamed', { node: 'dead' }, /^hello is pinned to "dead", which is unhealthy$/],
  ])('names what a node that is not healthy is: %s', (_, extra, message) => {
    const nodes: PlacementNode[] = [
      ...fleet,
      { name: 'away', role: 'worker', healthy: false, condition: 'restarting', containers: 0 },
    ];
    expect(() => choosePlacement(req(extra), nodes)).toThrow(message);
    // Never chosen by load, though it is the emptiest.
    expect(choosePlacement(req({}), nodes).node).toBe('orion');
  });

  it('never places on an edge node even when it is the emptiest', () => {
    const nodes: PlacementNode[] = [
      { name: 'a', role: 'edge', healthy: true, containers: 0 },
      { name: 'b', role: 'worker', healthy: true, containers: 100 },
    ];
    expect(choosePlacement(req({}), nodes).node).toBe('b');
  });

  it('breaks ties by node name, independent of input order', () => {
    const nodes: PlacementNode[] = [
      { name: 'zeta', role: 'worker', healthy: true, containers: 1 },
      { name: 'alpha', role: 'worker', healthy: true, containers: 1 },
      { name: 'mid', role: 'master', healthy: true, containers: 1 },
    ];
    expect(choosePlacement(req({}), nodes).node).toBe('alpha');
    expect(choosePlacement(req({}), [...nodes].reverse()).node).toBe('alpha');
  });

  it('keeps the master out of the worker pool when configured off', () => {
    const nodes: PlacementNode[] = [
      { name: 'rift', role: 'master', healthy: true, containers: 0 },
      { name: 'orion', role: 'worker', healthy: true, containers: 9 },
    ];
    expect(choosePlacement(req({}), nodes).node).toBe('rift');
    expect(choosePlacement(req({}), nodes, { masterTakesWorkers: false }).node).toBe('orion');
    expect(choosePlacement(req({ tier: 'core' }), nodes, { masterTakesWorkers: false }).node).toBe('rift');
  });

  it('refuses a fleet that lists a node twice', () => {
    expect(() => choosePlacement(req({}), [fleet[1]!, fleet[1]!])).toThrow(/listed twice/);
  });
});
