import { afterEach, describe, expect, it } from '@jest/globals';
import { checkRunning } from './checkRunning.js';
import { inspectServices } from './inspectServices.js';
import { recoverSwitches } from './recoverSwitches.js';
import { createDeployHarness, type DeployHarness } from './testing/createDeployHarness.js';
import { IMAGES, service } from './testing/specs.js';

let h: DeployHarness;
afterEach(() => h.close());
const harness = async () => (h = await createDeployHarness({ images: Object.values(IMAGES) }));
const web = (image: string, state = 'running') => `mcp-hello-web ${state} ${image}`;

describe('a rolling redeploy', () => {
  it('starts the new container on the other port of the pair, switches, then removes the old one', async () => {
    await harness();
    await h.deployer.deploy(service());
    h.runtime.faults.calls.length = 0;
    const outcome = await h.deployer.deploy(service({ web: IMAGES.v2, health: 'drain = "2s"' }));
    expect(outcome).toMatchObject({ success: true, changed: true });
    expect(h.state()).toMatchObject({
      containers: [web(IMAGES.v2)],
      routes: ['mcp-route.hello.web -> 127.0.0.1:20001'],
      ports: [20000, 20001],
      records: [`hello active ${IMAGES.v2}`],
    });
    // The old container is stopped only after the successor ran and was checked.
    const calls = h.runtime.faults.calls.filter((c) => /^(run|stop|remove|rename) /.test(c));
    expect(calls).toEqual([
      'run mcp-hello-web-mcp-next',
      'remove mcp-hello-web',
      'rename mcp-hello-web-mcp-next mcp-hello-web',
    ]);
    // Stopped gracefully (SIGTERM and the stop timeout) by that remove, not killed.
    expect(h.runtime.stoppedByRemove).toEqual(['mcp-hello-web']);
    expect(h.health.checks.map((c) => c.ports)).toEqual([[20000], [20001]]);
    expect(h.store.listSwitches()).toEqual([]);
  });

  it('finds the old container in the listing (from memory when unchanged); a first deploy asks for the name', async () => {
    await harness();
    const asked = () => h.runtime.faults.calls.filter((c) => /^(inspect|list) /.test(c)).slice(0, 1);
    await h.deployer.deploy(service());
    expect(asked()).toEqual(['inspect mcp-hello-web']);
    h.runtime.faults.calls.length = 0;
    await h.deployer.deploy(service({ web: IMAGES.v2 }));
    expect(asked()).toEqual(['list mcp.service']);
  });

  it('replaces a leftover successor of the same name in the same run, and nothing is left of it', async () => {
    await harness();
    await h.deployer.deploy(service());
    // Left by a switch that was neither finished nor undone.
    await h.runtime.create({
      ...[...h.runtime.containers.values()][0]!.spec,
      name: 'mcp-hello-web-mcp-next',
      ports: [],
    });
    h.runtime.faults.calls.length = 0;
    const outcome = await h.deployer.deploy(service({ web: IMAGES.v2 }));
    expect(outcome).toMatchObject({ success: true, changed: true });
    expect(h.state().containers).toEqual([web(IMAGES.v2)]);
    expect(
      h.runtime.faults.calls.filter((c) => /^(run|create|remove) mcp-hello-web-mcp-next$/.test(c)),
    ).toEqual(['run mcp-hello-web-mcp-next']);
  });

  it('alternates between the two ports over redeploys', async () => {
    await harness();
    const upstreams: string[] = [];
    for (const image of [IMAGES.v1, IMAGES.v2, IMAGES.v1, IMAGES.v2]) {
      expect((await h.deployer.deploy(service({ web: image }))).success).toBe(true);
      upstreams.push(h.state().routes[0]!);
    }
    expect(upstreams.map((r) => r.slice(-5))).toEqual(['20000', '20001', '20000', '20001']);
    expect(h.state().containers).toEqual([web(IMAGES.v2)]);
  });

  it('waits the drain between the switch and stopping the old container', async () => {
    await harness();
    await h.deployer.deploy(service());
    const before = h.clock.now.getTime();
    await h.deployer.deploy(service({ web: IMAGES.v2, health: 'drain = "7s"' }));
    expect(h.clock.now.getTime() - before).toBe(7000);
  });

  it('reverts by itself when the new container is not healthy by the deadline', async () => {
    await harness();
    await h.deployer.deploy(service());
    const before = h.state();
    h.runtime.faults.calls.length = 0;
    h.health.sick.add(20001);
    h.runtime.output.set('mcp-hello-web-mcp-next', 'starting\nlistening on :9999, not 8080');
    const spec = service({ web: IMAGES.v2, health: 'path = "/healthz", interval = "1s", deadline = "5s"' });
    const started = h.clock.now.getTime();
    const outcome = await h.deployer.deploy(spec);
    expect(outcome.success).toBe(false);
    const failed = outcome.steps.find((s) => s.step === 'containers')!;
    expect(failed.error).toContain(
      'mcp-hello-web-mcp-next: not healthy within 5s (last check: /healthz on 20001: 503)',
    );
    expect(failed.error).toContain('its log ends:\nstarting\nlistening on :9999, not 8080');
    expect(h.clock.now.getTime() - started).toBe(5000);
    // At 0, 10, 30, 70, 150, 310, 630 and 1270 ms, then every second, and the last on the deadline.
    expect(h.health.checks.filter((c) => c.ports[0] === 20001)).toHaveLength(12);
    // Nothing changed: the same container serves on the same port, the spare port is released.
    expect(h.state()).toEqual(before);
    // The old container was never touched.
    expect(
      h.runtime.faults.calls.filter((c) => / mcp-hello-web$/.test(c) && !c.startsWith('inspect')),
    ).toEqual([]);
    expect(h.store.listSwitches()).toEqual([]);
  });

  it('checks a starting server again soon, without asking podman about the container', async () => {
    await harness();
    await h.deployer.deploy(service());
    h.runtime.faults.calls.length = 0;
    // The new server answers 60 ms after its container started.
    h.health.sick.add(20001);
    const started = h.clock.now.getTime();
    const check = h.health.check.bind(h.health);
    h.health.check = (target) => {
      if (h.clock.now.getTime() - started >= 60) h.health.sick.delete(20001);
      return check(target);
    };
    const outcome = await h.deployer.deploy(service({ web: IMAGES.v2 }));
    expect(outcome.success).toBe(true);
    expect(outcome.steps.find((s) => s.step === 'containers')?.detail).toContain('healthy after 70 ms');
    // podman is asked about the new container once: by the retirement, after the switch.
    expect(h.runtime.faults.calls.filter((c) => c.startsWith('inspect') || c.startsWith('remove'))).toEqual([
      'inspect mcp-hello-web-mcp-next',
      'remove mcp-hello-web',
    ]);
  });

  it('fails when the new container exits, long before the deadline', async () => {
    await harness();
    await h.deployer.deploy(service());
    // It runs, then exits before its first check.
    const run = h.runtime.run.bind(h.runtime);
    h.runtime.run = async (spec) => {
      const id = await run(spec);
      if (spec.name.endsWith('-mcp-next')) h.runtime.containers.get(spec.name)!.state = 'exited';
      return id;
    };
    const started = h.clock.now.getTime();
    const outcome = await h.deployer.deploy(service({ web: IMAGES.v2 }));
    expect(outcome.steps.find((s) => s.step === 'containers')?.error).toContain(
      'mcp-hello-web-mcp-next: the container is exited, not running (last check: connect 127.0.0.1:20001: ECONNREFUSED); its log is empty',
    );
    // Asked once its first 200 ms are over: at the check at 310 ms.
    expect(h.clock.now.getTime() - started).toBe(310);
    expect(h.state().containers).toEqual([web(IMAGES.v1)]);
  });
});

describe('strategy recreate', () => {
  it('stops the old container before the new one starts', async () => {
    await harness();
    await h.deployer.deploy(service({ strategy: 'recreate' }));
    h.runtime.faults.calls.length = 0;
    expect((await h.deployer.deploy(service({ web: IMAGES.v2, strategy: 'recreate' }))).success).toBe(true);
    const calls = h.runtime.faults.calls.filter((c) => /^(run|stop) /.test(c));
    expect(calls).toEqual(['stop mcp-hello-web', 'run mcp-hello-web']);
    expect(h.state()).toMatchObject({ routes: ['mcp-route.hello.web -> 127.0.0.1:20000'], ports: [20000] });
  });

  it('brings the old container back when the new one is not healthy', async () => {
    await harness();
    await h.deployer.deploy(service({ strategy: 'recreate' }));
    h.health.sick.add(20000);
    const outcome = await h.deployer.deploy(service({ web: IMAGES.v2, strategy: 'recreate' }));
    expect(outcome.success).toBe(false);
    expect(h.state().containers).toEqual([web(IMAGES.v1)]);
  });
});

describe('an interrupted switch, on the next start', () => {
  /** Deploys v1, then v2 until the agent "dies" just before the route switches. */
  async function interrupted(): Promise<void> {
    await harness();
    await h.deployer.deploy(service());
    let reached!: () => void;
    const atSwitch = new Promise<void>((resolve) => (reached = resolve));
    h.ctx.beforeSwitch = () => {
      reached();
      return new Promise<void>(() => undefined);
    };
    void h.deployer.deploy(service({ web: IMAGES.v2 }));
    await atSwitch;
    expect(h.state().containers).toEqual([web(IMAGES.v1), `mcp-hello-web-mcp-next running ${IMAGES.v2}`]);
  }

  it('undoes one killed before the route switched: the old container keeps the route', async () => {
    await interrupted();
    expect(await recoverSwitches(h.ctx)).toEqual(['hello: undid the switch; the old containers serve']);
    expect(h.state()).toMatchObject({
      containers: [web(IMAGES.v1)],
      routes: ['mcp-route.hello.web -> 127.0.0.1:20000'],
      records: [`hello active ${IMAGES.v1}`],
    });
    expect(h.store.listSwitches()).toEqual([]);
  });

  it('finishes one killed after the store switched but before the proxy did', async () => {
    await interrupted();
    h.store.swapPorts('hello', ['web/'], 'switched');
    expect(await recoverSwitches(h.ctx)).toEqual(['hello: finished the switch; the new containers serve']);
    expect(h.state()).toMatchObject({
      containers: [web(IMAGES.v2)],
      routes: ['mcp-route.hello.web -> 127.0.0.1:20001'],
      records: [`hello active ${IMAGES.v2}`],
    });
    expect(h.store.listSwitches()).toEqual([]);
  });

  it('finishes one killed after the new container took its name, leaving it alone', async () => {
    await interrupted();
    h.store.swapPorts('hello', ['web/'], 'switched');
    await h.runtime.remove('mcp-hello-web');
    await h.runtime.rename('mcp-hello-web-mcp-next', 'mcp-hello-web');
    expect(await recoverSwitches(h.ctx)).toEqual(['hello: finished the switch; the new containers serve']);
    expect(h.state()).toMatchObject({ containers: [web(IMAGES.v2)], records: [`hello active ${IMAGES.v2}`] });
  });

  it('has nothing to do when no switch was left', async () => {
    await harness();
    await h.deployer.deploy(service());
    expect(await recoverSwitches(h.ctx)).toEqual([]);
  });
});

describe('health in status', () => {
  const health = async () => (await inspectServices(h.ctx))[0]!.components[0]!.health;

  it('is what the last check saw: the deploy, then the monitor', async () => {
    await harness();
    await h.deployer.deploy(service({ health: 'path = "/healthz"' }));
    expect(await health()).toMatchObject({ healthy: true, detail: '/healthz: ok' });
    h.health.sick.add(20000);
    expect(await checkRunning(h.ctx)).toBe(1);
    const [view] = await inspectServices(h.ctx);
    expect(view!.components[0]!.health).toMatchObject({ healthy: false, detail: '/healthz on 20000: 503' });
    expect(view!.driftReasons).toEqual(['web is unhealthy: /healthz on 20000: 503']);
  });

  it('forgets a check from while the container was down once it is started again', async () => {
    await harness();
    await h.deployer.deploy(service());
    await h.runtime.stop('mcp-hello-web', 1); // behind the agent's back
    expect(await checkRunning(h.ctx)).toBe(1);
    expect((await inspectServices(h.ctx))[0]!.driftReasons).toContain(
      'mcp-hello-web is exited, should be running',
    );
    expect((await h.deployer.setRunning('hello', true))?.success).toBe(true);
    const [view] = await inspectServices(h.ctx);
    expect(view!.components[0]!.health).toBeUndefined();
    expect(view!.driftReasons).toEqual([]);
    expect(await checkRunning(h.ctx)).toBe(0);
    expect(await health()).toMatchObject({ healthy: true });
  });

  it("is not a failed successor's: the old container's last check stands", async () => {
    await harness();
    await h.deployer.deploy(service());
    h.health.sick.add(20001);
    expect((await h.deployer.deploy(service({ web: IMAGES.v2 }))).success).toBe(false);
    expect(await health()).toMatchObject({ healthy: true });
  });
});
