import { describe, expect, it } from '@jest/globals';
import { planDeploy, type DeployPlanInput } from './planDeploy.js';
import {
  edgePlanIsEmpty,
  planEdgeRoutes,
  publicHostnameRefusal,
  type RecordedEdgeRoute,
} from './planEdgeRoutes.js';
import { NODES, placed, spec } from './testing/specs.js';

const Z = 'z.test';
const orion = NODES.find((n) => n.name === 'orion')!;
const route = (over: Partial<RecordedEdgeRoute> = {}): RecordedEdgeRoute => ({
  hostname: 'hello.example.net',
  service: 'hello',
  edgeNode: 'svc',
  backendHostname: 'hello.svc.mcp.z.test',
  backendPort: 443,
  ...over,
});

describe('publicHostnameRefusal', () => {
  const input = (hostname: string, over: Partial<Parameters<typeof publicHostnameRefusal>[0]> = {}) => ({
    spec: spec('hello', { public: hostname }),
    zone: Z,
    allowedDomains: ['example.net'],
    placements: [],
    edgeRoutes: [],
    ...over,
  });

  it.each<[string, string, Partial<Parameters<typeof publicHostnameRefusal>[0]>, RegExp | undefined]>([
    ['an allowed name', 'hello.example.net', {}, undefined],
    ['the allowed domain itself', 'example.net', {}, undefined],
    [
      'a name that only ends like the domain',
      'evilexample.net',
      {},
      /is not under an allowed domain \(example\.net\)/,
    ],
    ['an internal name', 'x.svc.mcp.z.test', { allowedDomains: ['z.test'] }, /internal name/],
    ['a name under no domain at all', 'hello.example.org', {}, /not under an allowed domain/],
    [
      "a name another service's edge route has",
      'hello.example.net',
      { edgeRoutes: [route({ service: 'other' })] },
      /hello\.example\.net is already served by service other/,
    ],
    [
      "a name another placed service's spec has",
      'hello.example.net',
      { placements: [placed(spec('other', { public: 'hello.example.net' }), 'rift', 'h')] },
      /already served by service other/,
    ],
    ['its own recorded route again', 'hello.example.net', { edgeRoutes: [route()] }, undefined],
  ])('%s', (_, hostname, over, refusal) => {
    const result = publicHostnameRefusal(input(hostname, over));
    if (refusal === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(refusal);
  });
});

describe('planEdgeRoutes', () => {
  const plan = (over: Partial<Parameters<typeof planEdgeRoutes>[0]> = {}) =>
    planEdgeRoutes({
      spec: spec('hello', { public: 'hello.example.net' }),
      zone: Z,
      node: orion,
      nodes: NODES,
      edgeRoutes: [],
      ...over,
    });

  it('adds a new public route on the healthy edge, forwarding to the node proxy', () => {
    expect(plan()).toEqual({
      desired: [route()],
      add: [route()],
      update: [],
      remove: [],
      problem: undefined,
    });
  });

  it('changes nothing when the route is recorded as wanted', () => {
    expect(edgePlanIsEmpty(plan({ edgeRoutes: [route()] }))).toBe(true);
  });

  it('updates a route whose backend port changed (the node proxy moved)', () => {
    const p = plan({ edgeRoutes: [route({ backendPort: 8443 })] });
    expect(p.update).toEqual([
      { desired: route(), actual: route({ backendPort: 8443 }), changed: ['backendPort'] },
    ]);
  });

  it('removes a route whose public flag is gone', () => {
    expect(plan({ spec: spec('hello'), edgeRoutes: [route()] })).toMatchObject({
      desired: [],
      add: [],
      remove: [route()],
    });
  });

  it('says there is no healthy edge, and plans no change at the edge', () => {
    const nodes = NODES.map((n) => (n.role === 'edge' ? { ...n, healthy: false } : n));
    expect(plan({ nodes })).toMatchObject({
      add: [],
      problem: 'no healthy edge node: every edge node is unhealthy ("svc")',
    });
  });

  it('says when the node never reported its proxy port', () => {
    expect(plan({ node: { ...orion, proxyPort: undefined } }).problem).toMatch(
      /orion did not report the port/,
    );
  });

  it('keeps a route on the edge it is on while that edge is healthy', () => {
    const nodes = [
      ...NODES,
      { name: 'aaa', role: 'edge' as const, healthy: true, containers: 0, address: '100.64.0.9:1' },
    ];
    expect(plan({ nodes, edgeRoutes: [route()] }).desired[0]!.edgeNode).toBe('svc');
    expect(plan({ nodes }).desired[0]!.edgeNode).toBe('aaa');
  });
});

describe('planDeploy with public routes', () => {
  const base = (over: Partial<DeployPlanInput> = {}): DeployPlanInput => ({
    spec: spec('hello', { public: 'hello.example.net' }),
    zone: Z,
    placements: [],
    dnsRecords: [],
    nodes: NODES,
    masterTakesWorkers: true,
    dnsManaged: true,
    edgeRoutes: [],
    allowedDomains: ['example.net'],
    ...over,
  });

  it('refuses the whole deploy for a public name outside the allowed domains', () => {
    const plan = planDeploy(base({ spec: spec('hello', { public: 'hello.evilexample.net' }) }));
    expect(plan).toMatchObject({ ok: false, error: expect.stringMatching(/not under an allowed domain/) });
  });

  it('adds an edge_route step per public hostname', () => {
    const plan = planDeploy(base());
    expect(plan).toMatchObject({ ok: true, steps: ['placement', 'deploy', 'dns', 'edge_route'] });
  });
});
