import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServiceSpec } from '@mcp/spec';
import type { ApplyOutcome } from './Deployer.js';
import { Lifecycle } from './Lifecycle.js';
import { createDeployHarness, type DeployHarness, type NodeState } from './testing/createDeployHarness.js';
import { IMAGES, certId, host, service } from './testing/specs.js';

const harness = () => createDeployHarness({ images: Object.values(IMAGES) });
const steps = (outcome: ApplyOutcome | undefined) =>
  outcome?.steps.map((s) => (s.success ? `${s.step}: ${s.detail}` : `${s.step} failed: ${s.error}`));
const HOUR = 3_600_000;

/** The node after `spec` alone was deployed on a fresh one. */
async function deployedAlone(spec: ServiceSpec): Promise<NodeState> {
  const fresh = await harness();
  await fresh.deployer.deploy(spec);
  const state = fresh.state();
  await fresh.close();
  return state;
}

describe('a first deploy', () => {
  let h: DeployHarness;
  beforeAll(async () => (h = await harness()));
  afterAll(() => h.close());

  it('holds a port, gets a certificate, runs the container and serves it', async () => {
    const outcome = await h.deployer.deploy(service());
    expect(steps(outcome)).toEqual([
      `images: pulled ${IMAGES.v1}`,
      'ports: 0 kept, 1 allocated',
      `certificates: issued ${host('web')}`,
      'containers: created mcp-hello-web',
      'routes: 2 proxy entries added',
    ]);
    expect(outcome).toMatchObject({ success: true, changed: true });
    expect(h.state()).toEqual({
      containers: [`mcp-hello-web running ${IMAGES.v1}`],
      routes: ['mcp-route.hello.web -> 127.0.0.1:20000'],
      proxyCertificates: [certId('web')],
      certificates: [host('web')],
      ports: [20000],
      records: [`hello active ${IMAGES.v1}`],
    });
    expect(h.runtime.containers.get('mcp-hello-web')?.spec.env).toEqual({ PORT: '8080' });
  });

  it('changes nothing when the same spec comes again, and says so', async () => {
    const before = h.state();
    const calls = { runtime: h.runtime.faults.calls.length, proxy: h.proxy.faults.calls.length };
    const outcome = await h.deployer.deploy(service());
    expect(steps(outcome)).toEqual([
      'images: 1 present',
      'ports: 1 kept, 0 allocated',
      'certificates: 1 valid',
      'containers: unchanged',
      'routes: unchanged',
    ]);
    expect(outcome).toMatchObject({ success: true, changed: false });
    expect(h.state()).toEqual(before);
    const changing = /^(pull|run|create|stop|start|remove|rename|upsert\w+|remove\w+) /;
    expect(h.runtime.faults.calls.slice(calls.runtime).filter((c) => changing.test(c))).toEqual([]);
    expect(h.proxy.faults.calls.slice(calls.proxy).filter((c) => changing.test(c))).toEqual([]);
    expect(h.ca.issued).toHaveLength(1);
  });
});

describe('stop and start through setRunning', () => {
  let h: DeployHarness;
  beforeAll(async () => {
    h = await harness();
    await h.deployer.deploy(service());
  });
  afterAll(() => h.close());

  // In order, each from where the one before left the service.
  it.each<[string, boolean, string[], boolean, Partial<NodeState>]>([
    [
      'stop puts a 503 in place of the route, then stops the container',
      false,
      [
        'ports: 1 kept, 0 allocated',
        'routes: 1 removed, 1 answering 503',
        'containers: stopped mcp-hello-web',
      ],
      true,
      {
        containers: [`mcp-hello-web exited ${IMAGES.v1}`],
        routes: ['mcp-stopped.hello.web -> 503'],
        records: [`hello stopped ${IMAGES.v1}`],
      },
    ],
    [
      'stop again changes nothing',
      false,
      ['ports: 1 kept, 0 allocated', 'routes: 0 removed', 'containers: unchanged'],
      false,
      {
        containers: [`mcp-hello-web exited ${IMAGES.v1}`],
        routes: ['mcp-stopped.hello.web -> 503'],
        records: [`hello stopped ${IMAGES.v1}`],
      },
    ],
    [
      'start starts the container, then restores the route and drops the 503',
      true,
      [
        'images: 1 present',
        'ports: 1 kept, 0 allocated',
        'certificates: 1 valid',
        'containers: started mcp-hello-web',
        'routes: 1 proxy entries added',
      ],
      true,
      {
        containers: [`mcp-hello-web running ${IMAGES.v1}`],
        routes: ['mcp-route.hello.web -> 127.0.0.1:20000'],
        records: [`hello active ${IMAGES.v1}`],
      },
    ],
  ])('%s', async (_, running, expected, changed, state) => {
    const outcome = await h.deployer.setRunning('hello', running);
    expect(steps(outcome)).toEqual(expected);
    expect(outcome).toMatchObject({ success: true, changed });
    expect(h.state()).toMatchObject({ ...state, ports: [20000], proxyCertificates: [certId('web')] });
  });

  it('stopping needs no certificate: it works with the CA down and the certificate due', async () => {
    h.clock.advance(11 * HOUR);
    h.ca.faults.fail('issue');
    expect((await h.deployer.setRunning('hello', false))?.success).toBe(true);
    expect(h.state().containers).toEqual([`mcp-hello-web exited ${IMAGES.v1}`]);
    h.ca.faults.heal();
  });

  it('says there is no such service', async () => {
    expect(await h.deployer.setRunning('nothing', true)).toBeUndefined();
  });
});

describe("a stopped service's names", () => {
  it('answer 503 until it is undeployed, which leaves no route behind', async () => {
    const h = await harness();
    await h.deployer.deploy(service());
    await h.deployer.setRunning('hello', false);
    expect(h.proxy.routes.get('mcp-stopped.hello.web')).toMatchObject({
      hostnames: [host('web')],
      respond: { status: 503, body: 'service hello is stopped\n' },
    });
    expect((await new Lifecycle(h.ctx).undeploy('hello'))?.success).toBe(true);
    expect(h.state()).toMatchObject({ routes: [], proxyCertificates: [], records: [] });
    await h.close();
  });
});

describe('a redeploy', () => {
  let h: DeployHarness;
  afterEach(() => h.close());

  it('with strategy recreate, recreates a changed component in place, keeping its host port', async () => {
    h = await harness();
    await h.deployer.deploy(service({ strategy: 'recreate' }));
    const outcome = await h.deployer.deploy(service({ web: IMAGES.v2, strategy: 'recreate' }));
    expect(steps(outcome)).toContain('containers: recreated mcp-hello-web');
    expect(h.state()).toEqual(await deployedAlone(service({ web: IMAGES.v2, strategy: 'recreate' })));
  });

  it('cleans up a component the new spec no longer has: container, route, port, certificate', async () => {
    h = await harness();
    await h.deployer.deploy(service({ api: IMAGES.api }));
    expect(h.state().ports).toEqual([20000, 20001]);
    const outcome = await h.deployer.deploy(service());
    expect(outcome.steps.map((s) => `${s.step} ${s.success}`)).toEqual([
      'images true',
      'ports true',
      'certificates true',
      'containers true',
      'routes true',
    ]);
    expect(h.state()).toEqual(await deployedAlone(service()));
  });

  it('of a spec that is not active creates the container without starting or serving it', async () => {
    h = await harness();
    const outcome = await h.deployer.deploy(service({ active: false }));
    expect(steps(outcome)).toEqual([
      'ports: 0 kept, 1 allocated',
      'routes: 0 removed, 1 answering 503',
      'containers: created mcp-hello-web',
    ]);
    expect(h.state()).toMatchObject({
      containers: [`mcp-hello-web created ${IMAGES.v1}`],
      routes: ['mcp-stopped.hello.web -> 503'],
      certificates: [],
      records: [`hello stopped ${IMAGES.v1}`],
    });
  });
});
