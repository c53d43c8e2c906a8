import { describe, expect, it } from '@jest/globals';
import { InMemoryRuntime } from '../deploy/testing/InMemoryRuntime.js';
import { containerSpec } from '../deploy/testing/specs.js';
import type {
  ContainerEventHandlers,
  ContainerInfo,
  ContainerSpec,
  ContainerWatch,
} from './ContainerRuntime.js';
import { WatchedRuntime } from './WatchedRuntime.js';

const LABEL = 'mcp.service';
const spec = (name: string): ContainerSpec =>
  containerSpec(name, 'hello:v1', { labels: { [LABEL]: 'hello' } });

/** An in-memory runtime whose event stream the test drives, and whose listings it can hold up. */
class Watchable extends InMemoryRuntime {
  lists = 0;
  imageChecks = 0;
  /** While set, `imageExists` waits for it. */
  holdImages: Promise<void> | undefined;
  /** Each `watch` call: when it was asked to start from, and its handlers. */
  readonly watches: { since: Date; handlers: ContainerEventHandlers; stopped: boolean }[] = [];
  /** While set, `list` waits for it. */
  hold: Promise<void> | undefined;

  constructor() {
    super(['hello:v1']);
  }

  override async list(label: string): Promise<ContainerInfo[]> {
    this.lists++;
    const result = super.list(label);
    await this.hold;
    return result;
  }

  override async imageExists(image: string): Promise<boolean> {
    this.imageChecks++;
    const result = super.imageExists(image);
    await this.holdImages;
    return result;
  }

  watch(since: Date, handlers: ContainerEventHandlers): ContainerWatch {
    const w = { since, handlers, stopped: false };
    this.watches.push(w);
    return {
      stop: () => {
        w.stopped = true;
        return Promise.resolve();
      },
    };
  }

  get current() {
    return this.watches.at(-1)!;
  }

  /** A container podman changed without the agent: an event, as podman reports it. */
  removeBehindTheBack(name: string): void {
    this.containers.delete(name);
    this.current.handlers.onEvent('container', 'remove');
  }
}

function setUp(options: { maxAgeMs?: number } = {}) {
  const inner = new Watchable();
  let now = 1_000_000;
  const runtime = new WatchedRuntime(inner, {
    ...options,
    now: () => now,
    random: () => 0.5,
    restart: { baseMs: 20, maxMs: 40 },
  });
  return { inner, runtime, advance: (ms: number) => (now += ms), now: () => now };
}

const names = (list: ContainerInfo[]) => list.map((c) => c.name);

describe('WatchedRuntime', () => {
  it('answers a second listing from memory while no event arrives', async () => {
    const { inner, runtime } = setUp();
    await inner.run(spec('hello-web'));
    runtime.startWatching();
    expect(names(await runtime.list(LABEL))).toEqual(['hello-web']);
    expect(names(await runtime.list(LABEL))).toEqual(['hello-web']);
    expect(inner.lists).toBe(1);
    await runtime.stopWatching();
  });

  it('lists afresh after a container event: a container removed behind its back is gone', async () => {
    const { inner, runtime } = setUp();
    await inner.run(spec('hello-web'));
    runtime.startWatching();
    await runtime.list(LABEL);
    inner.removeBehindTheBack('hello-web');
    expect(names(await runtime.list(LABEL))).toEqual([]);
    expect(inner.lists).toBe(2);
    await runtime.stopWatching();
  });

  it('follows events from a second before it started, so none in between is missed', async () => {
    const { inner, runtime, now } = setUp();
    runtime.startWatching();
    expect(inner.current.since.getTime()).toBe(now() - 1000);
    await runtime.stopWatching();
  });

  it('a change it makes itself counts at once, before podman reports it', async () => {
    const { inner, runtime } = setUp();
    runtime.startWatching();
    expect(await runtime.list(LABEL)).toEqual([]);
    await runtime.run(spec('hello-web'));
    expect(names(await runtime.list(LABEL))).toEqual(['hello-web']);
    await runtime.rename('hello-web', 'hello-web-2');
    expect(names(await runtime.list(LABEL))).toEqual(['hello-web-2']);
    await runtime.stop('hello-web-2', 1);
    expect((await runtime.list(LABEL))[0]!.state).toBe('exited');
    await runtime.start('hello-web-2');
    expect((await runtime.list(LABEL))[0]!.state).toBe('running');
    await runtime.remove('hello-web-2');
    expect(await runtime.list(LABEL)).toEqual([]);
    expect(inner.lists).toBe(6);
    await runtime.stopWatching();
  });

  it('a failed change counts too: podman may have done part of it', async () => {
    const { inner, runtime } = setUp();
    runtime.startWatching();
    await runtime.list(LABEL);
    inner.faults.fail('create', { times: 1 });
    await expect(runtime.create(spec('hello-web'))).rejects.toThrow(/injected failure/);
    await runtime.list(LABEL);
    expect(inner.lists).toBe(2);
    await runtime.stopWatching();
  });

  it('does not keep a listing that an event overtook while it ran', async () => {
    const { inner, runtime } = setUp();
    await inner.run(spec('hello-web'));
    runtime.startWatching();
    let release!: () => void;
    inner.hold = new Promise((resolve) => (release = resolve));
    const slow = runtime.list(LABEL);
    await Promise.resolve();
    inner.current.handlers.onEvent('container', 'died'); // the container changed while podman ps ran
    inner.hold = undefined;
    release();
    await slow;
    await runtime.list(LABEL);
    expect(inner.lists).toBe(2);
    await runtime.stopWatching();
  });

  it('calls at the same time share one listing', async () => {
    const { inner, runtime } = setUp();
    await inner.run(spec('hello-web'));
    runtime.startWatching();
    const all = await Promise.all(Array.from({ length: 16 }, () => runtime.list(LABEL)));
    expect(all.map(names)).toEqual(Array(16).fill(['hello-web']));
    expect(inner.lists).toBe(1);
    await runtime.stopWatching();
  });

  it('keeps listings per label', async () => {
    const { inner, runtime } = setUp();
    await inner.run(spec('hello-web'));
    runtime.startWatching();
    expect(names(await runtime.list(LABEL))).toEqual(['hello-web']);
    expect(names(await runtime.list('mcp.service=other'))).toEqual([]);
    expect(names(await runtime.list(LABEL))).toEqual(['hello-web']);
    expect(inner.lists).toBe(2);
    await runtime.stopWatching();
  });

  it('forgets only the listings an event can change: by the labels podman reported with it', async () => {
    const { inner, runtime } = setUp();
    await inner.run(spec('hello-web'));
    runtime.startWatching();
    const listed = async () => {
      await runtime.list(LABEL);
      await runtime.list('mcp.service=hello');
      await runtime.list('mcp.service=other');
      const n = inner.lists;
      inner.lists = 0;
      return n;
    };
    expect(await listed()).toBe(3);
    const event = (labels?: Record<string, string>) =>
      inner.current.handlers.onEvent('container', 'remove', labels);

    // A container without MCP's label (one run by hand beside the agent's): nothing is listed again.
    event({});
    event({ 'app.tier': 'db', name: 'postgres' });
    expect(await listed()).toBe(0);
    // One of service hello: the listings it is in, not the one of service other.
    event({ 'mcp.service': 'hello' });
    expect(await listed()).toBe(2);
    // Labels not reported: it may be any container's.
    event(undefined);
    expect(await listed()).toBe(3);
    await runtime.stopWatching();
  });

  it('asks the runtime again once a listing is maxAgeMs old, event or not', async () => {
    const { inner, runtime, advance } = setUp({ maxAgeMs: 5000 });
    runtime.startWatching();
    await runtime.list(LABEL);
    advance(4999);
    await runtime.list(LABEL);
    expect(inner.lists).toBe(1);
    advance(1);
    await runtime.list(LABEL);
    expect(inner.lists).toBe(2);
    await runtime.stopWatching();
  });

  it('does not keep a failure: the next call asks again', async () => {
    const { inner, runtime } = setUp();
    runtime.startWatching();
    inner.faults.fail('list', { times: 1 });
    await expect(runtime.list(LABEL)).rejects.toThrow(/injected failure/);
    expect(await runtime.list(LABEL)).toEqual([]);
    expect(inner.lists).toBe(2);
    await runtime.stopWatching();
  });

  it('hands every caller its own copy', async () => {
    const { inner, runtime } = setUp();
    await inner.run(spec('hello-web'));
    runtime.startWatching();
    const first = await runtime.list(LABEL);
    first[0]!.labels[LABEL] = 'changed';
    first.pop();
    expect((await runtime.list(LABEL))[0]!.labels[LABEL]).toBe('hello');
    await runtime.stopWatching();
  });

  it('lists afresh every time until it follows events: before starting, after stopping, and without watch', async () => {
    const { inner, runtime } = setUp();
    await runtime.list(LABEL);
    await runtime.list(LABEL);
    expect(inner.lists).toBe(2);
    runtime.startWatching();
    await runtime.list(LABEL);
    await runtime.list(LABEL);
    expect(inner.lists).toBe(3);
    await runtime.stopWatching();
    expect(inner.current.stopped).toBe(true);
    await runtime.list(LABEL);
    expect(inner.lists).toBe(4);

    const plain = new InMemoryRuntime([]);
    const watched = new WatchedRuntime(plain);
    watched.startWatching();
    await watched.list(LABEL);
    await watched.list(LABEL);
    expect(plain.faults.calls.filter((c) => c.startsWith('list'))).toHaveLength(2);
  });

  it('when the event stream ends: lists afresh, says so, and follows again after a backoff', async () => {
    const { inner } = setUp();
    const warnings: unknown[] = [];
    let now = 5_000_000;
    const runtime = new WatchedRuntime(inner, {
      now: () => now,
      random: () => 0.5,
      restart: { baseMs: 20, maxMs: 40 },
      logger: { warn: (o: unknown) => void warnings.push(o), info: () => undefined },
    });
    runtime.startWatching();
    await runtime.list(LABEL);
    inner.current.handlers.onEnd(new Error('podman events ended: boom'));
    expect(warnings).toEqual([expect.objectContaining({ err: 'podman events ended: boom' })]);
    await runtime.list(LABEL);
    await runtime.list(LABEL);
    expect(inner.lists).toBe(3);
    expect(inner.watches).toHaveLength(1);
    now += 50;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(inner.watches).toHaveLength(2);
    expect(inner.current.since.getTime()).toBe(now - 1000);
    await runtime.list(LABEL);
    await runtime.list(LABEL);
    expect(inner.lists).toBe(4);
    await runtime.stopWatching();
  });

  it('stopped, it does not follow again after the stream ends', async () => {
    const { inner, runtime } = setUp();
    runtime.startWatching();
    const { handlers } = inner.current;
    await runtime.stopWatching();
    handlers.onEnd(new Error('late'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(inner.watches).toHaveLength(1);
  });

  it('knows an image is present until an image event, and asks again for one that is absent', async () => {
    const { inner, runtime } = setUp();
    runtime.startWatching();
    expect(await runtime.imageExists('hello:v1')).toBe(false);
    expect(await runtime.imageExists('hello:v1')).toBe(false);
    expect(inner.imageChecks).toBe(2);
    await runtime.pull('hello:v1');
    expect(await runtime.imageExists('hello:v1')).toBe(true);
    expect(await runtime.imageExists('hello:v1')).toBe(true);
    expect(inner.imageChecks).toBe(3);
    // Removed behind its back: podman reports an image event.
    inner.localImages.delete('hello:v1');
    inner.current.handlers.onEvent('image', 'remove');
    expect(await runtime.imageExists('hello:v1')).toBe(false);
    expect(inner.imageChecks).toBe(4);
    // A container event says nothing about images, nor does an image event that only adds:
    // every `podman run` reports a pull. One it does not know forgets, as `untag` does.
    await runtime.pull('hello:v1');
    await runtime.imageExists('hello:v1');
    inner.current.handlers.onEvent('container', 'create');
    inner.current.handlers.onEvent('image', 'pull');
    inner.current.handlers.onEvent('image', 'tag');
    await runtime.imageExists('hello:v1');
    expect(inner.imageChecks).toBe(5);
    inner.current.handlers.onEvent('image', 'untag');
    await runtime.imageExists('hello:v1');
    inner.current.handlers.onEvent('image', 'something-new');
    await runtime.imageExists('hello:v1');
    expect(inner.imageChecks).toBe(7);
    await runtime.stopWatching();
  });

  it('does not keep an image answer that an image event overtook, nor one older than maxAgeMs', async () => {
    const { inner, runtime, advance } = setUp({ maxAgeMs: 5000 });
    await inner.pull('hello:v1');
    runtime.startWatching();
    let release!: () => void;
    inner.holdImages = new Promise((resolve) => (release = resolve));
    const slow = runtime.imageExists('hello:v1');
    await Promise.resolve();
    inner.current.handlers.onEvent('image', 'remove');
    inner.holdImages = undefined;
    release();
    expect(await slow).toBe(true);
    await runtime.imageExists('hello:v1');
    expect(inner.imageChecks).toBe(2);
    await runtime.imageExists('hello:v1');
    expect(inner.imageChecks).toBe(2);
    advance(5000);
    await runtime.imageExists('hello:v1');
    expect(inner.imageChecks).toBe(3);
    await runtime.stopWatching();
  });

  it('asks for images every time while it does not follow events', async () => {
    const { inner, runtime } = setUp();
    await inner.pull('hello:v1');
    await runtime.imageExists('hello:v1');
    await runtime.imageExists('hello:v1');
    expect(inner.imageChecks).toBe(2);
  });
});
