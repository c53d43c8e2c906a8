/** What to run: one container of a service. */
export interface ContainerSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  /** Passed through a 0600 env file, never on the command line. */
  env: Record<string, string>;
  volumes: string[];
  cmd: string[];
  user?: string | undefined;
  restart: string;
  network?: string | undefined;
  ports: { hostIp: string; hostPort: number; containerPort: number }[];
  /** Remove a container of the same name first, in the same command. Default false. */
  replace?: boolean | undefined;
}

/** A container as the runtime reports it. */
export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  /** The runtime's state word: `running`, `exited`, `created`, ... */
  state: string;
  labels: Record<string, string>;
  startedAt?: Date | undefined;
}

/** The container runtime the agent drives (podman in production and tests). */
export interface ContainerRuntime {
  imageExists(image: string): Promise<boolean>;
  pull(image: string): Promise<void>;
  /** Creates and starts a detached container; returns its ID. */
  run(spec: ContainerSpec): Promise<string>;
  /** Creates a container without starting it; returns its ID. */
  create(spec: ContainerSpec): Promise<string>;
  /** Stops with SIGTERM, then SIGKILL after `timeoutSeconds`. No error if already stopped. */
  stop(name: string, timeoutSeconds: number): Promise<void>;
  start(name: string): Promise<void>;
  restart(name: string, timeoutSeconds: number): Promise<void>;
  /**
   * Removes the container; no error if it does not exist. A running one is stopped first:
   * SIGTERM, then SIGKILL after `stopTimeoutSeconds` (default 0: at once).
   */
  remove(name: string, stopTimeoutSeconds?: number): Promise<void>;
  rename(name: string, newName: string): Promise<void>;
  /** Containers carrying `label` (key or key=value), running or not. */
  list(label: string): Promise<ContainerInfo[]>;
  inspect(name: string): Promise<ContainerInfo | undefined>;
  /** The last `lines` lines of the container's output (stdout and stderr); `''` when it has none or is gone. */
  logs(name: string, lines: number): Promise<string>;
  /** Throws if the runtime cannot be used. */
  ping(): Promise<void>;
  /**
   * Follows the runtime's container and image events, calling `onEvent` for each one that happened at
   * `since` or later — also those that happened before the call, so a caller that notes the
   * time, then starts watching, misses nothing in between. Runs until stopped; `onEnd` is
   * called once if the stream ends by itself. Optional: without it, `WatchedRuntime`
   * lists afresh every time.
   */
  watch?(since: Date, handlers: ContainerEventHandlers): ContainerWatch;
}

export interface ContainerEventHandlers {
  /**
   * `kind` `container`: a container was created, started, stopped, removed, ...; `image`: an
   * image was pulled, tagged, removed, mounted, ... `status` is the runtime's word for what
   * happened (podman's: `create`, `died`, `pull`, `remove`, `untag`, ...), `''` if it gave none.
   * `labels`: for a container event, the container's labels as the runtime reported them with
   * it (podman: the event's `Attributes`, which also carry `name` and `image`); undefined when
   * it did not, so the event may concern any container.
   */
  onEvent(kind: 'container' | 'image', status: string, labels?: Readonly<Record<string, string>>): void;
  onEnd(error: Error): void;
}

/** A running {@link ContainerRuntime.watch}. */
export interface ContainerWatch {
  /** Ends the stream; `onEnd` is not called for it. */
  stop(): Promise<void>;
}
