import type { ContainerInfo, ContainerRuntime, ContainerSpec } from '../../runtime/ContainerRuntime.js';
import { pullFailed } from '../../runtime/pullFailed.js';
import { RuntimeError } from '../../runtime/RuntimeError.js';
import { Faults } from './Faults.js';

/** Every operation of {@link InMemoryRuntime}, for {@link Faults.fail}. */
export type RuntimeOp =
  | 'imageExists'
  | 'pull'
  | 'run'
  | 'create'
  | 'stop'
  | 'start'
  | 'restart'
  | 'remove'
  | 'rename'
  | 'list'
  | 'inspect'
  | 'ping';

/** A container the fake holds. */
export interface FakeContainer {
  id: string;
  spec: ContainerSpec;
  state: 'created' | 'running' | 'exited';
}

/**
 * {@link ContainerRuntime} in memory, failing where podman fails and in its
 * words as PodmanRuntime reports them: pulling an image the registry does
 * not have (`PULL_FAILED`), and with `podman <verb> failed: ...`
 * (`COMMAND_FAILED`) running or creating under a name in use, starting,
 * restarting or renaming a container that does not exist, renaming onto a
 * name in use, and
 * starting a container whose host port a running one already publishes (the
 * container is then left created, as podman leaves it). Stopping or removing
 * a missing container is a no-op; `run` and `create` pull a missing image
 * first. `faults` makes any operation fail on demand.
 */
export class InMemoryRuntime implements ContainerRuntime {
  readonly faults = new Faults<RuntimeOp>(
    (op, subject) => new RuntimeError('COMMAND_FAILED', `podman ${op} failed: ${subject}: injected failure`),
  );
  /** By name. */
  readonly containers = new Map<string, FakeContainer>();
  /** Images pulled into local storage. */
  readonly localImages = new Set<string>();
  private readonly registry: Set<string>;
  private nextId = 1;

  /** @param registry images a pull can find. */
  constructor(registry: Iterable<string>) {
    this.registry = new Set(registry);
  }

  imageExists(image: string): Promise<boolean> {
    return this.op('imageExists', image, () => this.localImages.has(image));
  }

  pull(image: string): Promise<void> {
    return this.op('pull', image, () => this.fetch(image));
  }

  run(spec: ContainerSpec): Promise<string> {
    return this.op('run', spec.name, () => {
      const container = this.make('run', spec);
      this.begin('run', container);
      return container.id;
    });
  }

  create(spec: ContainerSpec): Promise<string> {
    return this.op('create', spec.name, () => this.make('create', spec).id);
  }

  stop(name: string, _timeoutSeconds: number): Promise<void> {
    return this.op('stop', name, () => {
      const container = this.containers.get(name);
      if (container?.state === 'running') container.state = 'exited';
    });
  }

  start(name: string): Promise<void> {
    return this.op('start', name, () => {
      const container = this.existing('start', name);
      if (container.state !== 'running') this.begin('start', container);
    });
  }

  restart(name: string, _timeoutSeconds: number): Promise<void> {
    return this.op('restart', name, () => {
      const container = this.existing('restart', name);
      container.state = 'exited';
      this.begin('restart', container);
    });
  }

  /** Running containers `remove` stopped gracefully (a stop timeout above 0), in order. */
  readonly stoppedByRemove: string[] = [];

  remove(name: string, stopTimeoutSeconds = 0): Promise<void> {
    return this.op('remove', name, () => {
      if (stopTimeoutSeconds > 0 && this.containers.get(name)?.state === 'running')
        this.stoppedByRemove.push(name);
      this.containers.delete(name);
    });
  }

  /** What `logs` answers per container name; default nothing. */
  readonly output = new Map<string, string>();

  logs(name: string, lines: number): Promise<string> {
    return Promise.resolve((this.output.get(name) ?? '').split('\n').slice(-lines).join('\n'));
  }

  rename(name: string, newName: string): Promise<void> {
    return this.op('rename', `${name} ${newName}`, () => {
      const container = this.existing('rename', name);
      if (this.containers.has(newName)) throw this.failure('rename', `name "${newName}" is in use`);
      this.containers.delete(name);
      container.spec = { ...container.spec, name: newName };
      this.containers.set(newName, container);
    });
  }

  list(label: string): Promise<ContainerInfo[]> {
    const [key, value] = label.split('=', 2) as [string, string | undefined];
    return this.op('list', label, () =>
      [...this.containers.values()]
        .filter((c) => key in c.spec.labels && (value === undefined || c.spec.labels[key] === value))
        .map(info),
    );
  }

  inspect(name: string): Promise<ContainerInfo | undefined> {
    return this.op('inspect', name, () => {
      const container = this.containers.get(name);
      return container && info(container);
    });
  }

  ping(): Promise<void> {
    return this.op('ping', '', () => undefined);
  }

  /** `<name> <state> <image>` for every container, sorted: what a test compares. */
  describe(): string[] {
    return [...this.containers.values()].map((c) => `${c.spec.name} ${c.state} ${c.spec.image}`).sort();
  }

  private op<T>(op: RuntimeOp, subject: string, fn: () => T): Promise<T> {
    // Thrown in the executor, an injected failure rejects the promise.
    return new Promise((resolve) => {
      this.faults.enter(op, subject);
      resolve(fn());
    });
  }

  private make(verb: 'run' | 'create', spec: ContainerSpec): FakeContainer {
    if (spec.replace) this.containers.delete(spec.name);
    const taken = this.containers.get(spec.name);
    if (taken) throw this.failure(verb, `the container name "${spec.name}" is already in use by ${taken.id}`);
    if (!this.localImages.has(spec.image)) {
      // podman pulls a missing image itself, and fails as a pull does.
      this.faults.enter('pull', spec.image);
      this.fetch(spec.image);
    }
    const container: FakeContainer = { id: `c${this.nextId++}`, spec, state: 'created' };
    this.containers.set(spec.name, container);
    return container;
  }

  private fetch(image: string): void {
    if (!this.registry.has(image)) {
      throw pullFailed(
        image,
        `Error: initializing source docker://${image}: reading manifest: manifest unknown`,
      );
    }
    this.localImages.add(image);
  }

  private begin(verb: string, container: FakeContainer): void {
    for (const port of container.spec.ports) {
      const holder = [...this.containers.values()].find(
        (c) =>
          c !== container &&
          c.state === 'running' &&
          c.spec.ports.some((p) => p.hostIp === port.hostIp && p.hostPort === port.hostPort),
      );
      if (holder) {
        throw this.failure(verb, `cannot listen on ${port.hostIp}:${port.hostPort}: address already in use`);
      }
    }
    container.state = 'running';
  }

  private existing(verb: string, name: string): FakeContainer {
    const container = this.containers.get(name);
    if (!container)
      throw this.failure(verb, `no container with name or ID "${name}" found: no such container`);
    return container;
  }

  private failure(verb: string, words: string): RuntimeError {
    return new RuntimeError('COMMAND_FAILED', `podman ${verb} failed: ${words}`);
  }
}

function info(c: FakeContainer): ContainerInfo {
  return { id: c.id, name: c.spec.name, image: c.spec.image, state: c.state, labels: { ...c.spec.labels } };
}
