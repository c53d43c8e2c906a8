import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { checkRunning } from './checkRunning.js';
import { Lifecycle } from './Lifecycle.js';
import { createDeployHarness, type DeployHarness } from './testing/createDeployHarness.js';
import { IMAGES, service } from './testing/specs.js';

let h: DeployHarness;
beforeEach(async () => {
  h = await createDeployHarness({ images: Object.values(IMAGES) });
  expect((await h.deployer.deploy(service())).success).toBe(true);
  // From here the component answers unhealthy.
  for (const port of h.store.portsOf('hello').values()) h.health.sick.add(port);
});
afterEach(() => h.close());

it('records what the probe saw', async () => {
  expect(await checkRunning(h.ctx)).toBe(1);
  expect(h.ctx.healthBook.get('hello', 'web')).toMatchObject({ healthy: false });
});

it.each([
  ['restarted', (l: Lifecycle) => l.restart('hello')],
  ['undeployed', (l: Lifecycle) => l.undeploy('hello')],
])('drops a probe of a component %s while it ran', async (_, change) => {
  const check = h.health.check.bind(h.health);
  h.health.check = async (target) => {
    const probe = await check(target);
    await change(new Lifecycle(h.ctx));
    return probe;
  };
  await checkRunning(h.ctx);
  expect(h.ctx.healthBook.get('hello', 'web')).toBeUndefined();
});
