// What a deploy refuses, what it reports when undoing or cleaning up fails,
// and the failures podman itself produces.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ServiceSpec } from '@mcp/spec';
import type { ApplyOutcome } from './Deployer.js';
import { createDeployHarness, type DeployHarness } from './testing/createDeployHarness.js';
import { IMAGES, containerSpec, host, service } from './testing/specs.js';

let h: DeployHarness;
afterEach(() => h.close());

async function harness(before?: ServiceSpec): Promise<DeployHarness> {
  h = await createDeployHarness({ images: Object.values(IMAGES) });
  if (before) expect((await h.deployer.deploy(before)).success).toBe(true);
  return h;
}
const failure = (outcome: ApplyOutcome) => outcome.steps.find((s) => !s.success);

describe('a deploy refuses', () => {
  it('an internal name another service serves, holding nothing', async () => {
    await harness(service());
    const before = h.state();
    const outcome = await h.deployer.deploy(service({ name: 'other' }));
    expect(failure(outcome)).toMatchObject({
      step: 'ports',
      error: `internal name ${host('web')} is already served by service hello; rename the component`,
    });
    expect(outcome.steps.at(-1)).toMatchObject({ step: 'rollback', success: true });
    expect(h.state()).toEqual(before);
  });

  it('an internal name a deploy of another service under way claims, and the name is free once that one failed', async () => {
    await harness();
    // hello's deploy waits in its container step, past the ports step that claimed its names.
    const run = h.runtime.run.bind(h.runtime);
    let entered!: () => void;
    const running = new Promise<void>((resolve) => (entered = resolve));
    let fail!: (error: Error) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    h.runtime.run = async (spec) => {
      if (!spec.name.startsWith('mcp-hello-')) return run(spec);
      entered();
      return failed;
    };
    const hello = h.deployer.deploy(service());
    await running;
    const other = await h.deployer.deploy(service({ name: 'other' }));
    expect(failure(other)).toMatchObject({
      step: 'ports',
      error: `internal name ${host('web')} is claimed by a deploy of service hello under way on this node; deploy again once it is done`,
    });
    fail(new Error('podman run: killed'));
    expect((await hello).success).toBe(false);
    expect((await h.deployer.deploy(service({ name: 'other' }))).success).toBe(true);
  });

  it('a container name held by a container MCP does not manage, leaving it alone', async () => {
    await harness();
    await h.runtime.run({ ...foreign, name: 'mcp-hello-web' });
    const outcome = await h.deployer.deploy(service());
    expect(failure(outcome)).toMatchObject({
      step: 'containers',
      error: 'container name mcp-hello-web is taken by a container MCP does not manage for hello',
    });
    expect(h.state()).toMatchObject({
      containers: ['mcp-hello-web running busybox:1.36'],
      ports: [],
      records: [],
    });
  });
});

describe('podman failing in its own way', () => {
  it('an image the registry does not have keeps the old container serving', async () => {
    await harness(service());
    const before = h.state();
    const outcome = await h.deployer.deploy(service({ web: 'localhost/mcp-test/httpd:v9.9.9' }));
    expect(failure(outcome)).toMatchObject({
      step: 'images',
      error:
        'image localhost/mcp-test/httpd:v9.9.9 could not be pulled from registry localhost: ' +
        'reading manifest: manifest unknown',
    });
    expect(h.state()).toEqual(before);
  });

  it('a run that creates the container and then fails to start it leaves no container behind', async () => {
    await harness();
    // Something outside MCP took the host port the allocator will hand out.
    await h.runtime.run({ ...foreign, ports: [{ hostIp: '127.0.0.1', hostPort: 20000, containerPort: 80 }] });
    const outcome = await h.deployer.deploy(service());
    expect(failure(outcome)).toMatchObject({
      step: 'containers',
      error: 'podman run failed: cannot listen on 127.0.0.1:20000: address already in use',
    });
    expect(h.runtime.faults.subjects('remove')).toContain('mcp-hello-web');
    expect(h.state()).toMatchObject({
      containers: ['squatter running busybox:1.36'],
      ports: [],
      records: [],
    });
  });
});

describe('a rollback that cannot undo everything', () => {
  it.each<[string, ServiceSpec | undefined, ServiceSpec, (h: DeployHarness) => void, string[]]>([
    [
      'a first deploy whose new container cannot be removed',
      undefined,
      service(),
      (h) => {
        h.proxy.faults.fail('upsertRoute');
        h.runtime.faults.fail('remove');
      },
      ['could not remove mcp-hello-web: podman remove failed: mcp-hello-web: injected failure'],
    ],
    [
      'a redeploy whose old container cannot be put back',
      service({ strategy: 'recreate' }),
      service({ web: IMAGES.v2, api: IMAGES.api, strategy: 'recreate' }),
      (h) => {
        h.proxy.faults.fail('upsertRoute', { when: 'mcp-route.hello.api' });
        h.runtime.faults.fail('remove', { when: 'mcp-hello-web' });
      },
      [
        'could not remove mcp-hello-web: podman remove failed: mcp-hello-web: injected failure',
        'could not restore mcp-hello-web: podman rename failed: name "mcp-hello-web" is in use',
      ],
    ],
  ])('%s says what it could not do, and goes on with the rest', async (_, before, spec, inject, problems) => {
    await harness(before);
    inject(h);
    const outcome = await h.deployer.deploy(spec);
    expect(outcome.steps.at(-1)).toEqual({
      step: 'rollback',
      success: false,
      error: problems.join('; '),
      detail: '',
    });
    expect(outcome.success).toBe(false);
    // The undos after the failed ones still ran: api is gone, its port released.
    expect(h.runtime.containers.has('mcp-hello-api')).toBe(false);
    expect(h.state().ports).toEqual(before ? [20000] : []);
  });
});

describe('a cleanup that cannot remove everything', () => {
  it.each<[string, (h: DeployHarness) => void, string]>([
    [
      "the removed component's container",
      (h) => h.runtime.faults.fail('remove', { when: 'mcp-hello-api' }),
      'podman remove failed: mcp-hello-api: injected failure',
    ],
    [
      "the removed component's route",
      (h) => h.proxy.faults.fail('removeRoute'),
      'Caddy refused removeRoute mcp-route.hello.api: injected failure',
    ],
    [
      // The first remove of that name (clearing a stale one before parking) works.
      'the parked old container',
      (h) => h.runtime.faults.fail('remove', { when: 'mcp-hello-web-mcp-previous', skip: 1 }),
      'podman remove failed: mcp-hello-web-mcp-previous: injected failure',
    ],
  ])('still succeeds, reporting %s in a failed cleanup step', async (_, inject, error) => {
    await harness(service({ api: IMAGES.api, strategy: 'recreate' }));
    inject(h);
    const outcome = await h.deployer.deploy(service({ web: IMAGES.v2, strategy: 'recreate' }));
    expect(outcome).toMatchObject({ success: true, changed: true });
    expect(outcome.steps.at(-1)).toEqual({ step: 'cleanup', success: false, error, detail: '' });
    expect(h.state()).toMatchObject({ ports: [20000], records: [`hello active ${IMAGES.v2}`] });
  });
});

/** A container MCP did not make. */
const foreign = containerSpec('squatter', IMAGES.busybox);
