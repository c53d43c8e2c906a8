// Placement, deploy, DNS in a real Knot, undeploy and sync, with master and
// agents as real processes, real podman and Caddy on every node. Every test
// starts from an empty fleet (resetFleet after each) and deploys what it needs.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SyncAction, type DeployResult, type MasterServiceClient } from '@mcp/proto';
import { Status } from 'nice-grpc';
import { collectDeploy, httpdSpec, resetFleet, startFleet, type TestFleet } from './index.js';

let fleet: TestFleet;
let master: MasterServiceClient;
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
  master = await fleet.master$();
}, 180_000);
afterEach(async () => {
  await resetFleet(fleet);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

async function containersOn(node: string): Promise<string[]> {
  const { stdout } = await fleet.nodes.get(node)!.sandbox.podman(['ps', '--format', 'json']);
  return (JSON.parse(stdout || '[]') as { Names: string[] }[]).map((c) => c.Names[0]!).sort();
}

const deploy = (service: string, options?: Parameters<typeof httpdSpec>[2]) =>
  collectDeploy(master, httpdSpec(service, fleet.images.v1, options));

describe('placement and DNS', () => {
  it('puts worker services on the node with the fewest containers, ties by name', async () => {
    const placed: string[] = [];
    const dnsSteps = new Map<string, string>();
    for (const service of ['alpha', 'beta', 'gamma']) {
      const { streamed, result } = await deploy(service);
      dnsSteps.set(service, streamed.find((s) => s.step === 'dns')?.detail ?? '');
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
    // With the dns step's own words, should Knot ever not serve what the step says it added.
    for (const [service, node] of [
      ['alpha', 'hyperborea'],
      ['gamma', 'rift'],
    ] as const) {
      expect({
        service,
        served: await fleet.knot!.query(name(service)),
        step: dnsSteps.get(service),
      }).toEqual({
        service,
        served: [ipOf(node)],
        step: expect.any(String),
      });
    }
  });

  it('says so when the same spec is deployed again', async () => {
    const first = await deploy('alpha');
    const { result } = await deploy('alpha');
    expect(result).toMatchObject({
      success: true,
      changed: false,
      node: first.result.node,
      placementReason: 'existing',
    });
    expect(result.steps.find((s) => s.step === 'deploy')!.detail).toBe('unchanged');
  });

  it('puts a core service on the master node and a pinned one where pinned', async () => {
    expect((await deploy('corey', { tier: 'core' })).result).toMatchObject({
      node: 'rift',
      placementReason: 'core',
    });
    expect((await deploy('pinny', { node: 'orion' })).result).toMatchObject({
      node: 'orion',
      placementReason: 'pinned',
    });
  });

  it('refuses a pin to an edge node, and a second service with the same internal name', async () => {
    const edge = await deploy('edgy', { node: 'svc' });
    expect(edge.result.success).toBe(false);
    expect(edge.streamed).toEqual([
      expect.objectContaining({
        step: 'placement',
        success: false,
        error: expect.stringContaining('edge node'),
      }),
    ]);
    await deploy('alpha');
    const clash = await deploy('alpha2', { component: 'alpha' });
    expect(clash.streamed).toEqual([
      expect.objectContaining({
        step: 'placement',
        success: false,
        error: expect.stringContaining('is already served by service alpha'),
      }),
    ]);
    expect(await containersOn('svc')).toEqual([]);
  });

  it('refuses a name a deploy under way claims, and deploys another service alongside', async () => {
    const alpha = master.deploy({ spec: httpdSpec('alpha', fleet.images.v1) })[Symbol.asyncIterator]();
    // The placement step comes before the agent deploys: from here alpha is under way, not placed.
    expect((await alpha.next()).value).toMatchObject({ step: { step: 'placement', success: true } });
    const [clash, beta] = await Promise.all([deploy('alpha2', { component: 'alpha' }), deploy('beta')]);
    expect(clash.streamed).toEqual([
      expect.objectContaining({
        step: 'placement',
        success: false,
        error: `${name('alpha')} is claimed by a deploy of service alpha under way; deploy again once it is done`,
      }),
    ]);
    expect(beta.result.success).toBe(true);
    let placed: DeployResult | undefined;
    for (let e = await alpha.next(); !e.done; e = await alpha.next()) placed = e.value.result ?? placed;
    expect(placed).toMatchObject({ success: true });

    // Once alpha is placed, the same deploy meets the ordinary refusal; alpha alone serves the name.
    expect((await deploy('alpha2', { component: 'alpha' })).streamed).toEqual([
      expect.objectContaining({
        success: false,
        error: expect.stringContaining('is already served by service alpha'),
      }),
    ]);
    expect(await fleet.knot!.query(name('alpha'))).toEqual([ipOf(placed!.node)]);
    for (const node of ['rift', 'orion', 'hyperborea'])
      expect((await containersOn(node)).filter((c) => c.startsWith('mcp-alpha2-'))).toEqual([]);
  });

  it('refuses a bad spec with INVALID_ARGUMENT naming the field', async () => {
    const bad = httpdSpec('bad', fleet.images.v1);
    bad.components[0]!.image = 'httpd:latest';
    const stream = master.deploy({ spec: bad });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
      details: expect.stringContaining('components[0].image'),
    });
  });

  it('undeploys backend first, then DNS, then the record', async () => {
    await deploy('pinny', { node: 'orion' });
    await deploy('beta', { node: 'orion' });
    const reply = await master.undeploy({ service: 'pinny' });
    expect(reply.steps.map((s) => [s.step, s.success])).toEqual([
      ['undeploy', true],
      ['dns', true],
      ['record', true],
    ]);
    expect(await containersOn('orion')).toEqual(['mcp-beta-beta']);
    expect(await fleet.knot!.query(name('pinny'))).toEqual([]);
    await expect(master.undeploy({ service: 'pinny' })).rejects.toMatchObject({ code: Status.NOT_FOUND });
  });
});

describe('DNS outage', () => {
  it('reports the dns step failed and the deploy step succeeded; sync repairs it', async () => {
    await deploy('alpha');
    await fleet.knot!.halt();
    try {
      const { result } = await deploy('delta');
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
    const specs = [httpdSpec('alpha', fleet.images.v1), httpdSpec('delta', fleet.images.v1)];
    const { plan } = await master.sync({ specs, dryRun: true });
    expect(plan.map((e) => [e.service, SyncAction[e.action]])).toEqual([
      ['alpha', 'SYNC_ACTION_UNCHANGED'],
      ['delta', 'SYNC_ACTION_UPDATE'],
    ]);
    const synced = await master.sync({ specs, dryRun: false });
    expect(synced.results).toEqual([expect.objectContaining({ service: 'delta', success: true })]);
    expect(await fleet.knot!.query(name('delta'))).toEqual([
      ipOf(synced.plan.find((e) => e.service === 'delta')!.node),
    ]);
  });
});

describe('sync', () => {
  const current = async () => (await master.status({})).services.map((s) => s.name).sort();
  const specs = () => [
    httpdSpec('alpha', fleet.images.v2),
    httpdSpec('beta', fleet.images.v1),
    httpdSpec('epsilon', fleet.images.v1),
  ];

  beforeEach(async () => {
    for (const service of ['alpha', 'beta', 'gamma']) await deploy(service);
    await deploy('corey', { tier: 'core' });
  });

  it('a dry run shows the plan and changes nothing', async () => {
    const before = await current();
    const { plan, results } = await master.sync({ specs: specs(), dryRun: true });
    expect(plan.map((e) => [e.service, SyncAction[e.action]])).toEqual([
      ['alpha', 'SYNC_ACTION_UPDATE'],
      ['beta', 'SYNC_ACTION_UNCHANGED'],
      ['corey', 'SYNC_ACTION_DELETE'],
      ['epsilon', 'SYNC_ACTION_CREATE'],
      ['gamma', 'SYNC_ACTION_DELETE'],
    ]);
    expect(plan.find((e) => e.service === 'epsilon')!.node).not.toBe('');
    expect(results).toEqual([]);
    expect(await current()).toEqual(before);
  });

  it('converges, and a service dropped from the set is undeployed', async () => {
    const gammaNode = (await master.status({ service: 'gamma' })).services[0]!.node;
    const { results } = await master.sync({ specs: specs(), dryRun: false });
    expect(results.every((r) => r.success)).toBe(true);
    expect(await current()).toEqual(['alpha', 'beta', 'epsilon']);
    expect(await fleet.knot!.query(name('gamma'))).toEqual([]);
    expect(await containersOn(gammaNode)).not.toContain('mcp-gamma-gamma');
    const again = await master.sync({ specs: specs(), dryRun: true });
    expect(again.plan.every((e) => e.action === SyncAction.SYNC_ACTION_UNCHANGED)).toBe(true);
  });
});
