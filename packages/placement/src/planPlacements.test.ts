import { describe, expect, it } from '@jest/globals';
import { planPlacements } from './planPlacements.js';
import type { PlacementNode, PlacementRequest } from './types.js';

const workers = (counts: Record<string, number>): PlacementNode[] =>
  Object.entries(counts).map(([name, containers]) => ({ name, role: 'worker', healthy: true, containers }));

const nodesOf = (plan: ReturnType<typeof planPlacements>): (string | undefined)[] =>
  plan.map((p) => (p.ok ? p.decision.node : undefined));

describe('planPlacements', () => {
  it('counts containers it already placed in the same plan', () => {
    const plan = planPlacements(
      ['a', 'b', 'c', 'd', 'e'].map((service) => ({ service, components: 1 })),
      workers({ x: 0, y: 1, z: 2 }),
    );
    // x0 y1 z2 → x1 → tie x1/y1 by name: x2 → y2 → tie x2/y2/z2: x3 → y3
    expect(nodesOf(plan)).toEqual(['x', 'x', 'y', 'x', 'y']);
  });

  it('weighs requests by their component count', () => {
    const plan = planPlacements(
      [
        { service: 'big', components: 3 },
        { service: 'small', components: 1 },
        { service: 'next', components: 1 },
      ],
      workers({ x: 0, y: 0 }),
    );
    expect(nodesOf(plan)).toEqual(['x', 'y', 'y']);
  });

  it('counts pinned, core and existing placements against their node', () => {
    const nodes: PlacementNode[] = [
      { name: 'm', role: 'master', healthy: true, containers: 0 },
      { name: 'w', role: 'worker', healthy: true, containers: 1 },
    ];
    const plan = planPlacements(
      [
        { service: 'core', tier: 'core', components: 2 },
        { service: 'pin', node: 'w', components: 1 },
        { service: 'old', existingNode: 'm', components: 1 },
        { service: 'auto', components: 1 },
      ],
      nodes,
    );
    // m: 0+2+1 = 3, w: 1+1 = 2 → auto goes to w.
    expect(nodesOf(plan)).toEqual(['m', 'w', 'm', 'w']);
  });

  it('returns one result per request in order and does not stop at a refusal', () => {
    const plan = planPlacements(
      [
        { service: 'a', components: 1 },
        { service: 'bad', node: 'nowhere', components: 1 },
        { service: 'c', components: 1 },
      ],
      workers({ x: 0 }),
    );
    expect(plan.map((p) => (p.ok ? p.decision.service : p.service))).toEqual(['a', 'bad', 'c']);
    expect(plan[1]).toMatchObject({ ok: false, error: { code: 'PINNED_NODE_UNKNOWN' } });
    expect(nodesOf(plan)).toEqual(['x', undefined, 'x']);
  });

  it('a refused request adds no load', () => {
    const plan = planPlacements(
      [
        { service: 'bad', node: 'x', components: -5 },
        { service: 'a', components: 1 },
      ],
      workers({ x: 0, y: 0 }),
    );
    expect(nodesOf(plan)).toEqual([undefined, 'x']);
  });

  it('is deterministic and ignores node input order', () => {
    const nodes = workers({ d: 3, a: 1, c: 1, b: 2 });
    const requests: PlacementRequest[] = Array.from({ length: 50 }, (_, i) => ({
      service: `s${i}`,
      components: (i % 3) + 1,
    }));
    const first = planPlacements(requests, nodes);
    expect(planPlacements(requests, nodes)).toEqual(first);
    expect(planPlacements(requests, [...nodes].reverse())).toEqual(first);
  });

  it('matches a naive sort-per-placement reference on random fleets', () => {
    let seed = 42;
    const rand = (m: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    for (let round = 0; round < 30; round++) {
      const nodes: PlacementNode[] = Array.from({ length: 1 + rand(12) }, (_, i) => ({
        name: `n${rand(1000)}-${i}`,
        role: (['master', 'worker', 'worker', 'edge'] as const)[rand(4)]!,
        healthy: rand(5) > 0,
        containers: rand(6),
      }));
      const requests: PlacementRequest[] = Array.from({ length: 40 }, (_, i) => ({
        service: `s${i}`,
        components: rand(3),
      }));
      const load = new Map(nodes.map((n) => [n.name, n.containers]));
      const expected = requests.map((r) => {
        const pool = nodes
          .filter((n) => n.healthy && n.role !== 'edge')
          .sort((a, b) => load.get(a.name)! - load.get(b.name)! || (a.name < b.name ? -1 : 1));
        const chosen = pool[0];
        if (!chosen) return undefined;
        load.set(chosen.name, load.get(chosen.name)! + r.components);
        return chosen.name;
      });
      expect(nodesOf(planPlacements(requests, nodes))).toEqual(expected);
    }
  });
});
