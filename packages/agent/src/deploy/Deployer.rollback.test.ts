// Each step of a deploy failing in turn, for a first deploy and two kinds of
// redeploy: what rollback leaves on the node, and what the deploy reports.
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { ServiceSpec } from '@mcp/spec';
import { ProxyError } from '../proxy/ProxyError.js';
import { createDeployHarness, type DeployHarness, type NodeState } from './testing/createDeployHarness.js';
import { IMAGES, service } from './testing/specs.js';

type Scenario = 'first deploy' | 'first deploy of two components' | 'new image' | 'new image and component';

/** What is deployed before (if anything), and the deploy that is to fail. */
const scenarios: Record<Scenario, { before?: ServiceSpec; deploy: ServiceSpec }> = {
  'first deploy': { deploy: service() },
  'first deploy of two components': { deploy: service({ api: IMAGES.api }) },
  'new image': { before: service(), deploy: service({ web: IMAGES.v2 }) },
  'new image and component': { before: service(), deploy: service({ web: IMAGES.v2, api: IMAGES.api }) },
};

type Point =
  | 'port allocation'
  | 'certificate issue'
  | 'image pull'
  | 'container run'
  | 'proxy unreachable'
  | 'proxy certificate upsert'
  | 'proxy route upsert'
  | "api's container run"
  | "api's route upsert";

const inject: Record<Point, (h: DeployHarness) => void> = {
  'port allocation': (h) => void (h.portsFree = false),
  'certificate issue': (h) => h.ca.faults.fail('issue'),
  'image pull': (h) => h.runtime.faults.fail('pull'),
  'container run': (h) => h.runtime.faults.fail('run'),
  'proxy unreachable': (h) =>
    h.proxy.faults.fail('ensureReady', {
      error: new ProxyError('UNREACHABLE', 'Caddy admin API unreachable'),
    }),
  'proxy certificate upsert': (h) => h.proxy.faults.fail('upsertCertificate'),
  'proxy route upsert': (h) => h.proxy.faults.fail('upsertRoute'),
  // Components and routes go in spec order: web's are done when api's fail.
  "api's container run": (h) => h.runtime.faults.fail('run', { when: 'mcp-hello-api' }),
  "api's route upsert": (h) => h.proxy.faults.fail('upsertRoute', { when: 'mcp-route.hello.api' }),
};

const STEPS = ['images', 'ports', 'certificates', 'containers', 'routes'] as const;
type StepName = (typeof STEPS)[number];

let h: DeployHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function harness(before?: ServiceSpec): Promise<DeployHarness> {
  const created = await createDeployHarness({ images: Object.values(IMAGES) });
  if (before) expect((await created.deployer.deploy(before)).success).toBe(true);
  return created;
}

/** The node after the scenario's deploy with nothing failing. */
async function deployedCleanly(scenario: Scenario): Promise<NodeState> {
  const clean = await harness(scenarios[scenario].before);
  await clean.deployer.deploy(scenarios[scenario].deploy);
  const state = clean.state();
  await clean.close();
  return state;
}

describe('a deploy failing at each step', () => {
  // Columns: scenario, failure point, and the step that fails (`succeeds`
  // when the deploy does not reach the failure point). Whatever fails, the
  // node is left as it was: a certificate issued for the deploy is taken
  // back too, from the store, the disk and the proxy.
  it.each<[Scenario, Point, StepName | 'succeeds']>([
    ['first deploy', 'port allocation', 'ports'],
    ['first deploy', 'certificate issue', 'certificates'],
    // Images come first: a bad one fails the deploy before any certificate is issued.
    ['first deploy', 'image pull', 'images'],
    ['first deploy', 'container run', 'containers'],
    ['first deploy', 'proxy unreachable', 'routes'],
    ['first deploy', 'proxy certificate upsert', 'routes'],
    ['first deploy', 'proxy route upsert', 'routes'],
    ['first deploy of two components', "api's container run", 'containers'],
    ['first deploy of two components', "api's route upsert", 'routes'],
    // The certificate is still valid, so none is needed anew; the rolling
    // switch needs the second port of the route's pair.
    ['new image', 'port allocation', 'containers'],
    ['new image', 'certificate issue', 'succeeds'],
    ['new image', 'image pull', 'images'],
    ['new image', 'container run', 'containers'],
    ['new image', 'proxy unreachable', 'routes'],
    // The proxy already has the route and the certificate: nothing is upserted.
    ['new image', 'proxy certificate upsert', 'succeeds'],
    ['new image', 'proxy route upsert', 'succeeds'],
    ['new image and component', 'port allocation', 'ports'],
    ['new image and component', 'certificate issue', 'certificates'],
    ['new image and component', 'image pull', 'images'],
    ['new image and component', 'container run', 'containers'],
    ['new image and component', 'proxy unreachable', 'routes'],
    ['new image and component', 'proxy certificate upsert', 'routes'],
    ['new image and component', 'proxy route upsert', 'routes'],
    ['new image and component', "api's container run", 'containers'],
  ])('%s with %s failing: %s', async (scenario, point, failed) => {
    h = await harness(scenarios[scenario].before);
    const before = h.state();
    const certFiles = await readdir(h.certsDir);
    const oldContainer = h.runtime.containers.get('mcp-hello-web');
    inject[point](h);

    const outcome = await h.deployer.deploy(scenarios[scenario].deploy);

    if (failed === 'succeeds') {
      expect(outcome).toMatchObject({ success: true, changed: true });
      expect(outcome.steps.map((s) => `${s.step} ${s.success}`)).toEqual(STEPS.map((s) => `${s} true`));
      expect(h.state()).toEqual(await deployedCleanly(scenario));
      return;
    }
    const reached = STEPS.slice(0, STEPS.indexOf(failed));
    expect(outcome.steps.map((s) => `${s.step} ${s.success}`)).toEqual([
      ...reached.map((s) => `${s} true`),
      `${failed} false`,
      'rollback true',
    ]);
    expect(outcome.steps.at(-1)).toMatchObject({ error: '', detail: 'previous state restored' });
    expect(outcome).toMatchObject({ success: false, changed: true });
    // Containers, routes, certificates, held ports and the record are as
    // before; the old container is the very one that ran before, running again.
    expect(h.state()).toEqual(before);
    expect(await readdir(h.certsDir)).toEqual(certFiles);
    if (oldContainer) expect(h.runtime.containers.get('mcp-hello-web')?.id).toBe(oldContainer.id);
  });
});

describe('a record write that fails', () => {
  // The record is written after cleanup, outside the rollback: the deploy
  // throws, what it brought up stays, the old record stays, and the same
  // deploy again finishes the job.
  it.each<[Scenario]>([['first deploy'], ['new image']])('%s', async (scenario) => {
    h = await harness(scenarios[scenario].before);
    const before = h.state();
    const write = jest.spyOn(h.store, 'putService').mockImplementationOnce(() => {
      throw new Error('database is locked');
    });
    await expect(h.deployer.deploy(scenarios[scenario].deploy)).rejects.toThrow('database is locked');
    const clean = await deployedCleanly(scenario);
    expect(h.state()).toEqual({ ...clean, records: before.records });
    write.mockRestore();
    expect((await h.deployer.deploy(scenarios[scenario].deploy)).success).toBe(true);
    expect(h.state()).toEqual(clean);
  });
});
