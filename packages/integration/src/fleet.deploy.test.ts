// Placement, deploy, DNS in a real Knot, undeploy and sync, with master and
// agents as real processes, real podman and Caddy on every node.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SyncAction } from '@mcp/proto';
import { Status } from 'nice-grpc';
import { collectDeploy, httpdSpec, startFleet, type TestFleet } from './index.js';

let fleet: TestFleet;
const name = (component: string) => `${component}.svc.mcp.fleet.test`;
const ipOf = (node: string) => fleet.nodes.get(node)!.ip;

beforeAll(async () => {
  fleet = await startFleet({
    dns: true,
    nodes: [
      { name: 'rift', role: 'master' },
      { name: 'orion', role: 'worker' },
      { name: 'hyperborea', role: 'worker' },
      { name: 'svc', role: 'edge' },
    ],
  });
  await fleet.waitForNodes(['rift', 'orion', 'hyperborea', 'svc']);
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
});

async function containersOn(node: string): Promise<string[]> {
  const { stdout } = await fleet.nodes.get(node)!.sandbox.podman(['ps', '--format', 'json']);
  return (JSON.parse(stdout || '[]') as { Names: string[] }[]).map((c) => c.Names[0]!).sort();
}

describe('placement and DNS', () => {
  it('puts worker services on the node with the fewest containers, ties by name', async () => {
    const master = await fleet.master$();
    const placed: string[] = [];
    for (const service of ['alpha', 'beta', 'gamma']) {
      const { streamed, result } = await collectDeploy(master, httpdSpec(service, fleet.images.v1));
      expect(streamed.map((s) => [s.step, s.success])).toEqual([
        ['placement', true],
        ['deploy', true],
        ['dns', true],
      ]);
      expect(result).toMatchObject({ success: true, changed: true, placementReason: 'least-loaded' });
      placed.push(result.node);
    }
    expect(placed).toEqual(['hyperborea', 'orion', 'rift']);
    expect(await containersOn('hyperborea')).toEqual(['mcp-alpha-alpha']);
    expect(await fleet.knot!.query(name('alpha'))).toEqual([ipOf('hyperborea')]);
    expect(await fleet.knot!.query(name('gamma'))).toEqual([ipOf('rift')]);
  });

  it('says so when the same spec is deployed again', async () => {
    const { result } = await collectDeploy(await fleet.master$(), httpdSpec('alpha', fleet.images.v1));
    expect(result).toMatchObject({
      success: true,
      changed: false,
      node: 'hyperborea',
      placementReason: 'existing',
    });
    expect(result.steps.find((s) => s.step === 'deploy')!.detail).toBe('unchanged');
  });

  it('puts a core service on the master node and a pinned one where pinned', async () => {
    const master = await fleet.master$();
    expect(
      (await collectDeploy(master, httpdSpec('corey', fleet.images.v1, { tier: 'core' }))).result,
    ).toMatchObject({
      node: 'rift',
      placementReason: 'core',
    });
    expect(
      (await collectDeploy(master, httpdSpec('pinny', fleet.images.v1, { node: 'orion' }))).result,
    ).toMatchObject({
      node: 'orion',
      placementReason: 'pinned',
    });
  });

  it('refuses a pin to an edge node, and a second service with the same internal name', async () => {
    const master = await fleet.master$();
    const edge = await collectDeploy(master, httpdSpec('edgy', fleet.images.v1, { node: 'svc' }));
    expect(edge.result.success).toBe(false);
    expect(edge.streamed).toEqual([
      expect.objectContaining({
        step: 'placement',
        success: false,
        error: expect.stringContaining('edge node'),
      }),
    ]);
    const clash = await collectDeploy(master, httpdSpec('alpha2', fleet.images.v1, { component: 'alpha' }));
    expect(clash.streamed[0]).toMatchObject({
      step: 'placement',
      success: false,
      error: expect.stringContaining('already used by service alpha'),
    });
    expect(await containersOn('svc')).toEqual([]);
  });

  it('refuses a bad spec with INVALID_ARGUMENT naming the field', async () => {
    const bad = httpdSpec('bad', fleet.images.v1);
    bad.components[0]!.image = 'httpd:latest';
    const stream = (await fleet.master$()).deploy({ spec: bad });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
      details: expect.stringContaining('components[0].image'),
    });
  });

  it('undeploys backend first, then DNS, then the record', async () => {
    const reply = await (await fleet.master$()).undeploy({ service: 'pinny' });
    expect(reply.steps.map((s) => [s.step, s.success])).toEqual([
      ['undeploy', true],
      ['dns', true],
      ['record', true],
    ]);
    expect(await containersOn('orion')).toEqual(['mcp-beta-beta']);
    expect(await fleet.knot!.query(name('pinny'))).toEqual([]);
    await expect((await fleet.master$()).undeploy({ service: 'pinny' })).rejects.toMatchObject({
      code: Status.NOT_FOUND,
    });
  });
});

describe('DNS outage', () => {
  it('reports the dns step failed and the deploy step succeeded; sync repairs it', async () => {
    await fleet.knot!.halt();
    try {
      const { result } = await collectDeploy(await fleet.master$(), httpdSpec('delta', fleet.images.v1));
      expect(result.success).toBe(false);
      expect(result.steps.map((s) => [s.step, s.success])).toEqual([
        ['placement', true],
        ['deploy', true],
        ['dns', false],
      ]);
    } finally {
      await fleet.knot!.start();
    }
    expect(await fleet.knot!.query(name('delta'))).toEqual([]);
    const master = await fleet.master$();
    const { services } = await master.status({});
    const specs = services.map((s) =>
      httpdSpec(s.name, fleet.images.v1, s.name === 'corey' ? { tier: 'core' } : {}),
    );
    const { plan } = await master.sync({ specs, dryRun: true });
    expect(
      plan
        .filter((e) => e.action !== SyncAction.SYNC_ACTION_UNCHANGED)
        .map((e) => [e.service, SyncAction[e.action]]),
    ).toEqual([['delta', 'SYNC_ACTION_UPDATE']]);
    const synced = await master.sync({ specs, dryRun: false });
    expect(synced.results).toEqual([expect.objectContaining({ service: 'delta', success: true })]);
    expect(await fleet.knot!.query(name('delta'))).toEqual([
      ipOf(synced.plan.find((e) => e.service === 'delta')!.node),
    ]);
  });
});

describe('sync', () => {
  const current = async () => {
    const { services } = await (await fleet.master$()).status({});
    return services.map((s) => s.name).sort();
  };

  it('a dry run shows the plan and changes nothing', async () => {
    const before = await current();
    const specs = [
      httpdSpec('alpha', fleet.images.v2),
      httpdSpec('beta', fleet.images.v1),
      httpdSpec('epsilon', fleet.images.v1),
    ];
    const { plan, results } = await (await fleet.master$()).sync({ specs, dryRun: true });
    expect(plan.map((e) => [e.service, SyncAction[e.action]])).toEqual([
      ['alpha', 'SYNC_ACTION_UPDATE'],
      ['beta', 'SYNC_ACTION_UNCHANGED'],
      ['corey', 'SYNC_ACTION_DELETE'],
      ['delta', 'SYNC_ACTION_DELETE'],
      ['epsilon', 'SYNC_ACTION_CREATE'],
      ['gamma', 'SYNC_ACTION_DELETE'],
    ]);
    expect(plan.find((e) => e.service === 'epsilon')!.node).not.toBe('');
    expect(results).toEqual([]);
    expect(await current()).toEqual(before);
  });

  it('converges, and a service dropped from the set is undeployed', async () => {
    const master = await fleet.master$();
    const specs = [
      httpdSpec('alpha', fleet.images.v2),
      httpdSpec('beta', fleet.images.v1),
      httpdSpec('epsilon', fleet.images.v1),
    ];
    const { results } = await master.sync({ specs, dryRun: false });
    expect(results.every((r) => r.success)).toBe(true);
    expect(await current()).toEqual(['alpha', 'beta', 'epsilon']);
    expect(await fleet.knot!.query(name('gamma'))).toEqual([]);
    expect(await containersOn('rift')).not.toContain('mcp-gamma-gamma');
    const again = await master.sync({ specs, dryRun: true });
    expect(again.plan.every((e) => e.action === SyncAction.SYNC_ACTION_UNCHANGED)).toBe(true);
  });
});
