import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { parseServiceSpec } from '@mcp/spec';
import { inspectServices } from './inspectServices.js';
import { Lifecycle } from './Lifecycle.js';
import { createDeployHarness, type DeployHarness } from './testing/createDeployHarness.js';
import { IMAGES, service } from './testing/specs.js';

let h: DeployHarness;
beforeEach(async () => {
  h = await createDeployHarness({ images: Object.values(IMAGES) });
  expect((await h.deployer.deploy(service())).success).toBe(true);
  const other = `name = "other"\n[[components]]\nname = "api"\nimage = "${IMAGES.v1}"\n[[components.routes]]\nport = 9090\n`;
  expect((await h.deployer.deploy(parseServiceSpec(other))).success).toBe(true);
});
afterEach(() => h.close());

it('leaves out a service undeployed while it listed the containers, and shows the others', async () => {
  const list = h.runtime.list.bind(h.runtime);
  let listed!: () => void;
  const listing = new Promise<void>((resolve) => (listed = resolve));
  h.runtime.list = async (...args) => {
    const containers = await list(...args);
    listed();
    // Undeployed between the listing and the look at the records.
    await new Lifecycle(h.ctx).undeploy('hello');
    return containers;
  };
  const views = inspectServices(h.ctx);
  await listing;
  expect((await views).map((v) => [v.name, v.drift])).toEqual([['other', false]]);
  h.runtime.list = list;
  expect((await inspectServices(h.ctx)).map((v) => v.name)).toEqual(['other']);
});
