// PodmanRuntime against a real podman, for what the fakes cannot show: `run`
// with `replace`, and the events the agent's cached container listing
// (WatchedRuntime) depends on: they arrive, including those from just before
// the stream started, with the container's labels; a container changed behind
// the agent's back shows in the next listing, and one outside its label does
// not make it list again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PodmanRuntime, WatchedRuntime } from '@mcp/agent';
import { buildTestImage, createPodmanSandbox, waitFor, type PodmanSandbox } from '@mcp/testkit';

let sandbox: PodmanSandbox;
let image: string;
let runtime: PodmanRuntime;

beforeAll(async () => {
  sandbox = await createPodmanSandbox();
  image = (await buildTestImage(sandbox)).ref;
  runtime = new PodmanRuntime({
    podman: sandbox.podmanPath,
    globalArgs: [...sandbox.globalArgs],
    env: sandbox.env,
  });
}, 120_000);
afterAll(async () => {
  await sandbox?.stop();
});

const create = (name: string) =>
  sandbox.podman(['create', '--name', name, '--label', 'mcp.service=watch', image, 'sleep', '60']);

const spec = (name: string, replace?: boolean) => ({
  name,
  image,
  labels: { 'mcp.service': 'watch' },
  env: { MESSAGE: 'hi' },
  volumes: [],
  // Stops on SIGTERM (a plain `sleep` as PID 1 ignores it, and replace would wait 10 s for it).
  cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 60 & wait'],
  restart: 'no',
  ports: [],
  replace,
});

describe('PodmanRuntime.run', () => {
  it('with replace, removes a container of the same name first; without, refuses the name', async () => {
    const first = await runtime.run(spec('run-a'));
    await expect(runtime.run(spec('run-a'))).rejects.toThrow(/podman run failed: .*already in use/);
    const second = await runtime.run(spec('run-a', true));
    expect(second).not.toBe(first);
    const list = await runtime.list('mcp.service=watch');
    expect(list.map((c) => [c.id, c.name, c.state])).toEqual([[second, 'run-a', 'running']]);
    await runtime.remove('run-a');
  });
});

describe('PodmanRuntime.watch', () => {
  it('delivers container and image events from `since` on, also those before the stream started, until stopped', async () => {
    const since = new Date(Date.now() - 1000);
    await create('watch-a'); // before the watch: replayed
    const kinds: string[] = [];
    const labels: unknown[] = [];
    const ended: Error[] = [];
    const watch = runtime.watch(since, {
      onEvent: (kind, status, l) => {
        kinds.push(`${kind} ${status}`);
        if (kind === 'container') labels.push(l);
      },
      onEnd: (e) => ended.push(e),
    });
    const wait = (what: string, done: () => boolean) =>
      waitFor(done, { timeoutMs: 10_000, intervalMs: 20, description: what });
    try {
      await wait('the replayed create', () => kinds.includes('container create'));
      let seen = kinds.length;
      await sandbox.podman(['rm', 'watch-a']);
      await wait('the remove', () => kinds.length > seen);
      seen = kinds.length;
      await sandbox.podman(['tag', image, 'localhost/mcp-test/watch:tagged']);
      await wait('the tag', () => kinds.slice(seen).includes('image tag'));
      seen = kinds.length;
      await sandbox.podman(['rmi', 'localhost/mcp-test/watch:tagged']);
      // WatchedRuntime forgets the images it knew on this one.
      await wait('the untag', () => kinds.slice(seen).includes('image untag'));
    } finally {
      await watch.stop();
    }
    expect(ended).toEqual([]);
    // Every container event carries the container's labels, the remove too: WatchedRuntime
    // forgets only the listings a container is in.
    expect(labels.length).toBeGreaterThanOrEqual(2);
    for (const l of labels) expect(l).toEqual({ 'mcp.service': 'watch' });
  });

  it('says when the stream ends by itself', async () => {
    const broken = new PodmanRuntime({ podman: '/nonexistent/podman' });
    const ended: Error[] = [];
    const watch = broken.watch(new Date(), { onEvent: () => undefined, onEnd: (e) => ended.push(e) });
    await waitFor(() => ended.length === 1, { timeoutMs: 10_000, intervalMs: 20 });
    expect(ended[0]!.message).toMatch(/^podman events ended: .*nonexistent/);
    await watch.stop();
    expect(ended).toHaveLength(1);
  });
});

describe('WatchedRuntime on podman', () => {
  /**
   * A WatchedRuntime on the sandbox's podman, following events; how many times it has run
   * `podman ps`; and `settled(name)`, which creates a container and waits until the listing
   * shows it and the stream has caught up, returning the count then.
   */
  const counted = () => {
    const counts = { ps: 0 };
    const counting: PodmanRuntime = Object.create(runtime) as PodmanRuntime;
    counting.list = (label) => {
      counts.ps++;
      return runtime.list(label);
    };
    const watched = new WatchedRuntime(counting);
    watched.startWatching();
    const names = async () => (await watched.list('mcp.service=watch')).map((c) => `${c.name} ${c.state}`);
    const settled = async (name: string) => {
      await create(name);
      await waitFor(async () => (await names()).join() === `${name} created`, {
        timeoutMs: 10_000,
        intervalMs: 20,
      });
      // The stream has caught up (the create arrived): from here, nothing changes.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await names();
      return counts.ps;
    };
    return { watched, counts, names, settled };
  };

  it('keeps its listing while containers outside its label come and go beside it', async () => {
    const { watched, counts, names, settled } = counted();
    // A second stream, to know when podman has reported the containers beside.
    const beside: string[] = [];
    const watch = runtime.watch(new Date(), {
      onEvent: (kind, status, labels) => {
        if (kind === 'container' && labels?.['mcp.test'] === 'beside') beside.push(status);
      },
      onEnd: () => undefined,
    });
    try {
      const before = await settled('watch-c');
      // Not MCP's: one with another label, run and removed by hand.
      await sandbox.podman([
        'run',
        '-d',
        '--name',
        'beside',
        '--label',
        'mcp.test=beside',
        image,
        'sleep',
        '60',
      ]);
      await sandbox.podman(['rm', '--force', '--time', '0', 'beside']);
      await waitFor(() => beside.includes('remove'), { timeoutMs: 10_000, intervalMs: 20 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let i = 0; i < 5; i++) expect(await names()).toEqual(['watch-c created']);
      expect(counts.ps).toBe(before);
      // One of its own, changed behind its back, still shows.
      await sandbox.podman(['rm', '--force', '--time', '0', 'watch-c']);
      await waitFor(async () => (await names()).length === 0, { timeoutMs: 5_000, intervalMs: 20 });
      expect(counts.ps).toBeGreaterThan(before);
    } finally {
      await watch.stop();
      await watched.stopWatching();
    }
  });

  it('lists from memory while nothing changes, and shows a change made behind its back', async () => {
    const { watched, counts, names, settled } = counted();
    try {
      // Nothing changes: nothing is listed again.
      const before = await settled('watch-b');
      for (let i = 0; i < 5; i++) expect(await names()).toEqual(['watch-b created']);
      expect(counts.ps).toBe(before);
      await sandbox.podman(['start', 'watch-b']);
      await waitFor(async () => (await names()).join() === 'watch-b running', {
        timeoutMs: 5_000,
        intervalMs: 20,
      });
      await sandbox.podman(['rm', '--force', '--time', '0', 'watch-b']);
      await waitFor(async () => (await names()).length === 0, { timeoutMs: 5_000, intervalMs: 20 });
    } finally {
      await watched.stopWatching();
    }
  });
});
