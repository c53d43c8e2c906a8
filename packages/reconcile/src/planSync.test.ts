import { describe, expect, it } from '@jest/globals';
import { hashSpec } from '@mcp/spec';
import { planSync, type SyncPlanInput } from './planSync.js';
import { NODES, placed, spec } from './testing/specs.js';

const Z = 'z.test';
const input = (over: Partial<SyncPlanInput>): SyncPlanInput => ({
  specs: [],
  zone: Z,
  placements: [],
  dnsRecords: new Map(),
  nodes: NODES,
  masterTakesWorkers: true,
  dnsManaged: true,
  edgeRoutes: [],
  allowedDomains: ['example.net'],
  ...over,
});

const a = spec('a');
const b = spec('b');
const c = spec('c');

describe('planSync', () => {
  it('creates, updates, keeps and deletes, sorted by service', () => {
    const entries = planSync(
      input({
        specs: [c, spec('b', { image: 'busybox:1.37' }), a],
        placements: [
          placed(a, 'orion', hashSpec(a)),
          placed(b, 'orion', hashSpec(b)),
          placed(spec('d'), 'rift', 'dh'),
        ],
        dnsRecords: new Map([
          ['a', [{ name: 'a.svc.mcp.z.test', address: '100.64.0.2' }]],
          ['b', [{ name: 'b.svc.mcp.z.test', address: '100.64.0.2' }]],
        ]),
      }),
    );
    expect(
      entries.map((e) => [e.service, e.action, e.action === 'delete' ? e.node : e.plan.ok && e.plan.node]),
    ).toEqual([
      ['a', 'unchanged', 'orion'],
      ['b', 'update', 'orion'],
      ['c', 'create', 'orion'],
      ['d', 'delete', 'rift'],
    ]);
  });

  it('updates a service whose spec is current but whose DNS is not', () => {
    const [entry] = planSync(input({ specs: [a], placements: [placed(a, 'orion', hashSpec(a))] }));
    expect(entry).toMatchObject({ action: 'update', plan: { ok: true, specChanged: false } });
  });

  it('spreads new services as deploying them one by one would', () => {
    const entries = planSync(input({ specs: [a, b, c, spec('e')] }));
    expect(entries.map((e) => e.action !== 'delete' && e.plan.ok && e.plan.node)).toEqual([
      'orion', // 1 container: the fewest
      'hyperborea', // 2 each now: ties go by name
      'orion', // 2 against 3
      'hyperborea', // 3 each on every node: by name
    ]);
  });

  it('carries the reason a service cannot be placed, and plans the rest', () => {
    const entries = planSync(input({ specs: [spec('a', { node: 'svc' }), b] }));
    expect(
      entries.map((e) => [e.service, e.action, e.action !== 'delete' && !e.plan.ok && e.plan.error]),
    ).toEqual([
      ['a', 'create', expect.stringContaining('edge node')],
      ['b', 'create', false],
    ]);
  });

  it('is what planDeploy says for the same service', () => {
    const [entry] = planSync(input({ specs: [a] }));
    expect(entry).toMatchObject({
      action: 'create',
      oldHash: '',
      newHash: hashSpec(a),
      plan: {
        ok: true,
        node: 'orion',
        reason: 'least-loaded',
        dns: { set: ['a.svc.mcp.z.test'], remove: [] },
      },
    });
  });
});
