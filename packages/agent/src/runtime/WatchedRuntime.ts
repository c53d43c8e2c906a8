import { Backoff } from '@mcp/heartbeat';
import type { Logger } from 'pino';
import type { ContainerInfo, ContainerRuntime, ContainerSpec, ContainerWatch } from './ContainerRuntime.js';

export interface WatchedRuntimeOptions {
  /** A listing is used at most this long, even with no event: the runtime is still asked now and then. Default 30 000. */
  maxAgeMs?: number;
  /** After the event stream ends: first wait before following it again, doubling up to `maxMs`. Default 1 s to 30 s. */
  restart?: { baseMs: number; maxMs: number };
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** Milliseconds; default `Date.now`. */
  now?: () => number;
  random?: () => number;
}

/** An answer from the runtime, kept until an event says it may be stale. */
interface Answer<T> {
  at: number;
  value: Promise<T>;
}

/**
 * The container runtime, with `list` answered from memory while the runtime's event stream
 * says no container in it changed since the last listing, and `imageExists` likewise for images.
 * `mcp status` and every heartbeat list the node's containers, and every deploy checks its
 * images; without this each one is a podman process (about 50–300 ms of CPU), and a master
 * asking 16 agents at once on a small machine waits for 16 of them.
 *
 * A listing is reused only while all of these hold: the event stream is being followed, no
 * event about a container in it (nor a change the agent made through this object) arrived
 * since the listing started, and it is younger than `maxAgeMs`. An event whose container's
 * labels the runtime did not report counts as one about every container. Anything else
 * lists afresh. So a container that is removed behind the agent's back shows in the next
 * answer after podman reports it (within milliseconds), and a runtime that stops answering
 * shows within `maxAgeMs`. The same holds for an image found present (an absent one is
 * always asked again: it is about to be pulled). Every other call goes straight to the
 * runtime.
 */
export class WatchedRuntime implements ContainerRuntime {
  private readonly listings = new Map<string, Answer<ContainerInfo[]>>();
  /** Images found present (or being asked for). */
  private readonly present = new Map<string, Answer<boolean>>();
  private stream: ContainerWatch | undefined;
  /** True while the event stream is followed: only then is a listing reused. */
  private following = false;
  private stopped = true;
  private retry: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: ContainerRuntime,
    private readonly options: WatchedRuntimeOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.now = options.now ?? Date.now;
    const restart = options.restart ?? { baseMs: 1000, maxMs: 30_000 };
    this.backoff = new Backoff({ ...restart, random: options.random ?? Math.random });
  }

  /** Starts following the runtime's events (a runtime without `watch`: nothing to follow). */
  startWatching(): void {
    if (!this.stopped || !this.inner.watch) return;
    this.stopped = false;
    this.follow();
  }

  /** Stops following them; `list` then asks the runtime every time. */
  async stopWatching(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.following = false;
    this.forgetAll();
    const stream = this.stream;
    this.stream = undefined;
    await stream?.stop();
  }

  private follow(): void {
    // From a second back: an event in the instant before the stream is up is replayed, not missed.
    const since = new Date(this.now() - 1000);
    this.forgetAll();
    this.stream = this.inner.watch!(since, {
      onEvent: (kind, status, labels) => {
        this.backoff.reset();
        if (kind === 'container') this.containerChanged(labels);
        else if (!KEEPS_IMAGES.has(status)) this.imagesChanged();
      },
      onEnd: (error) => {
        this.stream = undefined;
        this.following = false;
        this.forgetAll();
        if (this.stopped) return;
        const delay = this.backoff.next();
        this.options.logger?.warn(
          { err: error.message, retryInMs: Math.round(delay) },
          'container events stream ended; listing containers afresh until it is back',
        );
        this.retry = setTimeout(() => {
          this.retry = undefined;
          if (!this.stopped) this.follow();
        }, delay);
        this.retry.unref();
      },
    });
    this.following = true;
  }

  /**
   * Forgets every listing, also one still running (it may predate the change): the next
   * `list` asks the runtime.
   */
  private changed(): void {
    this.listings.clear();
  }

  /**
   * A container event: forgets the listings whose label filter the container's `labels`
   * match, also ones still running; every listing when the event did not say (`undefined`).
   * Labels are fixed when a container is created, so an event about a container outside a
   * listing cannot change it: a container an operator runs by hand beside the agent's leaves
   * the agent's listing alone.
   */
  private containerChanged(labels: Readonly<Record<string, string>> | undefined): void {
    if (!labels) return this.changed();
    for (const filter of [...this.listings.keys()]) {
      if (matchesLabel(filter, labels)) this.listings.delete(filter);
    }
  }

  private imagesChanged(): void {
    this.present.clear();
  }

  private forgetAll(): void {
    this.changed();
    this.imagesChanged();
  }

  async list(label: string): Promise<ContainerInfo[]> {
    return copy(
      await this.ask(
        this.listings,
        label,
        () => this.inner.list(label),
        () => true,
      ),
    );
  }

  /**
   * `memo`'s answer for `key` while it is younger than `maxAgeMs`, else a new one from `call`,
   * kept (while the stream is followed) unless it fails or `keep` says no. An event clears
   * `memo`, also of answers still on their way: they may predate it.
   */
  private ask<T>(
    memo: Map<string, Answer<T>>,
    key: string,
    call: () => Promise<T>,
    keep: (value: T) => boolean,
  ): Promise<T> {
    const known = memo.get(key);
    if (known && this.now() - known.at < this.maxAgeMs) return known.value;
    const answer: Answer<T> = { at: this.now(), value: call() };
    if (this.following) {
      memo.set(key, answer);
      const drop = () => {
        if (memo.get(key) === answer) memo.delete(key);
      };
      answer.value.then((value) => keep(value) || drop(), drop);
    }
    return answer.value;
  }

  /** A change the agent makes itself counts as an event at once, before podman's arrives. */
  private async changing<T>(change: Promise<T>): Promise<T> {
    try {
      return await change;
    } finally {
      this.changed();
    }
  }

  imageExists(image: string): Promise<boolean> {
    // Only a present image is kept: an absent one is about to be pulled.
    return this.ask(
      this.present,
      image,
      () => this.inner.imageExists(image),
      (exists) => exists,
    );
  }

  async pull(image: string): Promise<void> {
    try {
      await this.inner.pull(image);
    } finally {
      this.imagesChanged();
    }
  }
  run(spec: ContainerSpec): Promise<string> {
    return this.changing(this.inner.run(spec));
  }
  create(spec: ContainerSpec): Promise<string> {
    return this.changing(this.inner.create(spec));
  }
  stop(name: string, timeoutSeconds: number): Promise<void> {
    return this.changing(this.inner.stop(name, timeoutSeconds));
  }
  start(name: string): Promise<void> {
    return this.changing(this.inner.start(name));
  }
  restart(name: string, timeoutSeconds: number): Promise<void> {
    return this.changing(this.inner.restart(name, timeoutSeconds));
  }
  remove(name: string, stopTimeoutSeconds?: number): Promise<void> {
    return this.changing(this.inner.remove(name, stopTimeoutSeconds));
  }
  rename(name: string, newName: string): Promise<void> {
    return this.changing(this.inner.rename(name, newName));
  }
  inspect(name: string): Promise<ContainerInfo | undefined> {
    return this.inner.inspect(name);
  }
  logs(name: string, lines: number): Promise<string> {
    return this.inner.logs(name, lines);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
}

/**
 * Image events that never make an image absent, so an image known present stays so. Every
 * `podman run` reports a `pull` of its image, present or not. Any other status (`remove`,
 * `untag`, one this list does not know) forgets what was known.
 */
const KEEPS_IMAGES = new Set([
  'pull',
  'push',
  'save',
  'tag',
  'mount',
  'unmount',
  'exists',
  'build',
  'import',
  'load',
  'loadfromarchive',
  'cleanup',
]);

/** Whether a container with `labels` is in a listing by `filter`: `key` or `key=value`, as podman's `--filter label=`. */
function matchesLabel(filter: string, labels: Readonly<Record<string, string>>): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return Object.hasOwn(labels, filter);
  const key = filter.slice(0, eq);
  return Object.hasOwn(labels, key) && labels[key] === filter.slice(eq + 1);
}

/** Callers get their own objects: nothing they change reaches the next caller. */
function copy(containers: ContainerInfo[]): ContainerInfo[] {
  return containers.map((c) => ({ ...c, labels: { ...c.labels } }));
}
