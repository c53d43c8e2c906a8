import { describe, expect, it } from '@jest/globals';
import { hashSpec } from '@mcp/spec';
import { planDeploy, type DeployPlanInput } from './planDeploy.js';
import { NODES, placed, spec } from './testing/specs.js';

const Z = 'z.test';
const base = (over: Partial<DeployPlanInput> = {}): DeployPlanInput => ({
  spec: spec('hello'),
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

describe('planDeploy: where and why', () => {
  it.each<[string, Partial<DeployPlanInput>, string, string]>([
    ['a new worker service goes to the least loaded worker', {}, 'orion', 'least-loaded'],
    ['a core service goes to the master node', { spec: spec('hello', { tier: 'core' }) }, 'rift', 'core'],
    [
      'a pinned service goes where pinned',
      { spec: spec('hello', { node: 'hyperborea' }) },
      'hyperborea',
      'pinned',
    ],
    [
      'a placed service stays where it is',
      { placements: [placed(spec('hello'), 'hyperborea', 'old')] },
      'hyperborea',
      'existing',
    ],
    [
      'a decision from a bulk plan is used as given',
      { decision: { service: 'hello', node: 'hyperborea', reason: 'least-loaded' } },
      'hyperborea',
      'least-loaded',
    ],
    [
      "a bulk plan's decision for a service placed since keeps the placement",
      {
        decision: { service: 'hello', node: 'hyperborea', reason: 'least-loaded' },
        placements: [placed(spec('hello'), 'orion', 'old')],
      },
      'orion',
      'existing',
    ],
    [
      "a bulk plan's decision for a node unhealthy since is made again",
      {
        decision: { service: 'hello', node: 'hyperborea', reason: 'least-loaded' },
        nodes: NODES.map((n) => (n.name === 'hyperborea' ? { ...n, healthy: false } : n)),
      },
      'orion',
      'least-loaded',
    ],
  ])('%s', (_, over, node, reason) => {
    const plan = planDeploy(base(over));
    expect(plan).toMatchObject({ ok: true, node, reason, steps: ['placement', 'deploy', 'dns'] });
  });

  // The last column: whether the spec itself is at fault (the CLI exits 2), or the fleet's state.
  it.each<[string, Partial<DeployPlanInput>, RegExp, boolean]>([
    ['a pin to an edge node', { spec: spec('hello', { node: 'svc' }) }, /edge node/, true],
    ['a pin to an unknown node', { spec: spec('hello', { node: 'nowhere' }) }, /nowhere/, true],
    [
      'no healthy worker',
      { nodes: NODES.map((n) => ({ ...n, healthy: false })) },
      /no healthy|unhealthy|eligible/i,
      false,
    ],
    [
      "another service's internal name",
      {
        spec: spec('hello', { component: 'web' }),
        placements: [placed(spec('other', { component: 'web' }), 'orion', 'h')],
      },
      /internal name web\.svc\.mcp\.z\.test is already served by service other; rename the component/,
      true,
    ],
  ])('refuses %s, naming why', (_, over, error, badRequest) => {
    const plan = planDeploy(base(over));
    expect(plan.ok).toBe(false);
    expect(plan.ok ? '' : plan.error).toMatch(error);
    expect(plan.ok ? undefined : plan.badRequest).toBe(badRequest);
  });
});

describe('planDeploy: names claimed by deploys under way', () => {
  const api = (service: string, options: { public?: string } = {}) =>
    spec(service, { component: 'api', ...options });

  it.each<[string, Partial<DeployPlanInput>, RegExp]>([
    [
      'an internal name',
      { spec: api('hello'), underWay: [{ service: 'other', spec: api('other') }] },
      /^api\.svc\.mcp\.z\.test is claimed by a deploy of service other under way; deploy again once it is done$/,
    ],
    [
      'a public hostname',
      {
        spec: spec('hello', { public: 'www.example.net' }),
        underWay: [{ service: 'other', spec: spec('other', { public: 'www.example.net' }) }],
      },
      /^www\.example\.net is claimed by a deploy of service other under way/,
    ],
  ])("refuses %s another service claims, as the fleet's state", (_, over, error) => {
    const plan = planDeploy(base(over));
    expect(plan).toMatchObject({ ok: false, badRequest: false });
    expect(plan.ok ? '' : plan.error).toMatch(error);
  });

  it('plans the same deploy when nothing under way claims its names, or its own deploy does', () => {
    expect(planDeploy(base({ spec: api('hello') })).ok).toBe(true);
    const others = [
      { service: 'hello', spec: api('hello') },
      { service: 'other', spec: spec('other', { component: 'web', public: 'other.example.net' }) },
    ];
    expect(
      planDeploy(base({ spec: api('hello', { public: 'www.example.net' }), underWay: others })),
    ).toMatchObject({
      ok: true,
      names: ['api.svc.mcp.z.test'],
    });
  });

  it('names a placed owner before a deploy under way', () => {
    const plan = planDeploy(
      base({
        spec: api('hello'),
        placements: [placed(api('placed'), 'orion', 'h')],
        underWay: [{ service: 'other', spec: api('other') }],
      }),
    );
    expect(plan).toMatchObject({ ok: false, badRequest: true });
    expect(plan.ok ? '' : plan.error).toMatch(/already served by service placed/);
  });
});

describe('planDeploy: what changes', () => {
  const hello = spec('hello', { component: 'web' });
  const hash = hashSpec(hello);

  it.each<[string, Partial<DeployPlanInput>, boolean, string[], string[]]>([
    ['a first deploy: new spec, every name set', {}, true, ['web.svc.mcp.z.test'], []],
    [
      'the same spec with its records in place changes nothing',
      {
        placements: [placed(hello, 'orion', hash)],
        dnsRecords: [{ name: 'web.svc.mcp.z.test', address: '100.64.0.2' }],
      },
      false,
      [],
      [],
    ],
    [
      'the same spec with its record missing sets it again',
      { placements: [placed(hello, 'orion', hash)] },
      false,
      ['web.svc.mcp.z.test'],
      [],
    ],
    [
      'a changed spec, records in place',
      {
        placements: [placed(hello, 'orion', 'older')],
        dnsRecords: [{ name: 'web.svc.mcp.z.test', address: '100.64.0.2' }],
      },
      true,
      [],
      [],
    ],
    [
      'a renamed component: the old record goes',
      {
        placements: [placed(spec('hello', { component: 'www' }), 'orion', 'older')],
        dnsRecords: [{ name: 'www.svc.mcp.z.test', address: '100.64.0.2' }],
      },
      true,
      ['web.svc.mcp.z.test'],
      ['www.svc.mcp.z.test'],
    ],
  ])('%s', (_, over, specChanged, set, remove) => {
    const plan = planDeploy(base({ spec: hello, ...over }));
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.specChanged).toBe(specChanged);
    expect(plan.dns).toEqual({ address: '100.64.0.2', set, remove });
    expect(plan.names).toEqual(['web.svc.mcp.z.test']);
  });

  it('still plans records when DNS is not managed (the provider says why nothing resolves)', () => {
    const plan = planDeploy(base({ dnsManaged: false }));
    expect(plan).toMatchObject({
      ok: true,
      dnsManaged: false,
      dns: { set: ['hello.svc.mcp.z.test'] },
      dnsProblem: undefined,
    });
  });

  it('has no dns problem with a hostname address when DNS is not managed', () => {
    const nodes = NODES.map((n) => (n.name === 'orion' ? { ...n, address: 'orion.lan:9444' } : n));
    expect(planDeploy(base({ nodes, dnsManaged: false }))).toMatchObject({
      ok: true,
      dns: undefined,
      dnsProblem: undefined,
    });
  });

  it('says the dns step will fail when the node address is a hostname', () => {
    const nodes = NODES.map((n) => (n.name === 'orion' ? { ...n, address: 'orion.lan:9444' } : n));
    const plan = planDeploy(base({ nodes }));
    expect(plan).toMatchObject({
      ok: true,
      node: 'orion',
      dns: undefined,
      dnsProblem: 'node address orion.lan:9444 is not an IP address; A records need one',
    });
  });

  it('names every route of a multi-route component', () => {
    const plan = planDeploy(base({ spec: spec('hello', { component: 'web', routes: 2 }) }));
    expect(plan.ok && plan.names).toEqual(['r0.web.svc.mcp.z.test', 'r1.web.svc.mcp.z.test']);
  });
});
