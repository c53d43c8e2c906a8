import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import type {
  ContainerEventHandlers,
  ContainerInfo,
  ContainerRuntime,
  ContainerSpec,
  ContainerWatch,
} from './ContainerRuntime.js';
import { pullFailed } from './pullFailed.js';
import { RuntimeError } from './RuntimeError.js';
import { isUrgent } from './urgency.js';

/** How to invoke podman. */
export interface PodmanOptions {
  /** The podman binary. Default `podman`. */
  podman?: string;
  /** Arguments before every subcommand, e.g. `--root`, `--runroot`. Default none. */
  globalArgs?: string[];
  /** A containers.conf to use (as CONTAINERS_CONF). Default podman's own. */
  containersConf?: string | undefined;
  /** More environment for podman (e.g. CONTAINERS_STORAGE_CONF). Default none. */
  env?: Record<string, string>;
  /** Where env files are written for an instant. Default the OS temp dir. */
  scratchDir?: string;
  /**
   * The niceness podman runs at for the agent's bookkeeping: every command but those that
   * start a container's processes (`run`, `create`, `start`, `restart`), which would pass it on
   * to the service, and those made for an operator's deploy, start, stop, restart or undeploy
   * up to a deploy's switch (see `urgently`). So the heartbeat's and the monitor's listing
   * and inspecting, and the retiring of old containers, yield the CPU to the services on a
   * busy node. Default 10; 0 runs everything at the agent's own.
   */
  bookkeepingNiceness?: number;
}

/**
 * `setpriv` (util-linux) on PATH, or undefined. The long-lived `podman events`
 * runs under `setpriv --pdeathsig TERM`, so the kernel stops it when the agent
 * dies, even by SIGKILL; without it, every crashed agent would leave one behind.
 */
let setprivPath: string | undefined | null = null;
function setpriv(): string | undefined {
  if (setprivPath !== null) return setprivPath;
  setprivPath = undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, 'setpriv'), constants.X_OK);
      setprivPath = join(dir, 'setpriv');
      break;
    } catch {
      // not here
    }
  }
  return setprivPath;
}

/** Subcommands whose podman may start a container's processes: they run at the agent's niceness. */
const STARTS_CONTAINERS = new Set(['run', 'create', 'start', 'restart']);

interface PsEntry {
  Id: string;
  Names: string[];
  Image: string;
  State: string;
  Labels: Record<string, string> | null;
  StartedAt: number;
}

interface InspectEntry {
  Id: string;
  Name: string;
  ImageName: string;
  State: { Status: string; StartedAt: string };
  Config: { Labels: Record<string, string> | null };
}

/** {@link ContainerRuntime} on the podman CLI (execa, no shell). */
export class PodmanRuntime implements ContainerRuntime {
  private readonly bin: string;
  private readonly globalArgs: string[];
  private readonly env: Record<string, string>;
  private readonly scratchDir: string;
  private readonly niceness: number;

  constructor(options: PodmanOptions = {}) {
    this.niceness = options.bookkeepingNiceness ?? 10;
    if (!Number.isInteger(this.niceness) || this.niceness < 0 || this.niceness > 19)
      throw new RangeError(`bookkeepingNiceness must be an integer from 0 to 19, got ${this.niceness}`);
    this.bin = options.podman ?? 'podman';
    this.globalArgs = options.globalArgs ?? [];
    this.env = {
      ...options.env,
      ...(options.containersConf ? { CONTAINERS_CONF: options.containersConf } : {}),
    };
    this.scratchDir = options.scratchDir ?? tmpdir();
  }

  async imageExists(image: string): Promise<boolean> {
    const result = await this.podman(['image', 'exists', image], { reject: false });
    return result.exitCode === 0;
  }

  async pull(image: string): Promise<void> {
    const result = await this.podman(['pull', '--quiet', image], { reject: false });
    if (result.exitCode !== 0) throw pullFailed(image, result.stderr || result.stdout);
  }

  run(spec: ContainerSpec): Promise<string> {
    return this.createOrRun(['run', '-d'], spec);
  }

  create(spec: ContainerSpec): Promise<string> {
    return this.createOrRun(['create'], spec);
  }

  private async createOrRun(verb: string[], spec: ContainerSpec): Promise<string> {
    const envFile = join(this.scratchDir, `.mcp-env-${randomBytes(8).toString('hex')}`);
    const envLines = Object.entries(spec.env).map(([k, v]) => `${k}=${v.replace(/\n/g, '\\n')}`);
    await writeFile(envFile, envLines.join('\n') + '\n', { mode: 0o600, flag: 'wx' });
    try {
      const args = [...verb, '--name', spec.name, '--restart', spec.restart, '--env-file', envFile];
      for (const [k, v] of Object.entries(spec.labels)) args.push('--label', `${k}=${v}`);
      for (const v of spec.volumes) args.push('--volume', v);
      for (const p of spec.ports)
        args.push('--publish', `${formatHost(p.hostIp)}:${p.hostPort}:${p.containerPort}`);
      if (spec.user) args.push('--user', spec.user);
      if (spec.network) args.push('--network', spec.network);
      if (spec.replace) args.push('--replace');
      args.push(spec.image, ...spec.cmd);
      const { stdout } = await this.podman(args);
      // The ID is the last line: with --replace podman first prints the name it removed.
      return stdout.trim().split('\n').at(-1)!.trim();
    } finally {
      await rm(envFile, { force: true });
    }
  }

  async stop(name: string, timeoutSeconds: number): Promise<void> {
    await this.podman(['stop', '--ignore', '--time', String(timeoutSeconds), name]);
  }

  async start(name: string): Promise<void> {
    await this.podman(['start', name]);
  }

  async restart(name: string, timeoutSeconds: number): Promise<void> {
    await this.podman(['restart', '--time', String(timeoutSeconds), name]);
  }

  async remove(name: string, stopTimeoutSeconds = 0): Promise<void> {
    await this.podman(['rm', '--force', '--ignore', '--time', String(stopTimeoutSeconds), name]);
  }

  async rename(name: string, newName: string): Promise<void> {
    await this.podman(['rename', name, newName]);
  }

  async list(label: string): Promise<ContainerInfo[]> {
    const { stdout } = await this.podman(['ps', '--all', '--format', 'json', '--filter', `label=${label}`]);
    const entries = parseJson<PsEntry[]>(stdout, 'podman ps') ?? [];
    return entries.map((e) => ({
      id: e.Id,
      name: e.Names[0] ?? '',
      image: e.Image,
      state: e.State,
      labels: e.Labels ?? {},
      startedAt: e.StartedAt > 0 ? new Date(e.StartedAt * 1000) : undefined,
    }));
  }

  async inspect(name: string): Promise<ContainerInfo | undefined> {
    const result = await this.podman(['container', 'inspect', '--format', 'json', name], { reject: false });
    if (result.exitCode !== 0) {
      if (/no such container/i.test(result.stderr)) return undefined;
      throw new RuntimeError('COMMAND_FAILED', `podman container inspect ${name}: ${result.stderr.trim()}`);
    }
    const [e] = parseJson<InspectEntry[]>(result.stdout, 'podman container inspect') ?? [];
    if (!e) return undefined;
    const started = new Date(e.State.StartedAt);
    return {
      id: e.Id,
      name: e.Name,
      image: e.ImageName,
      state: e.State.Status,
      labels: e.Config.Labels ?? {},
      startedAt: Number.isNaN(started.getTime()) || started.getFullYear() < 2000 ? undefined : started,
    };
  }

  async logs(name: string, lines: number): Promise<string> {
    const result = await this.podman(['logs', '--tail', String(lines), name], { reject: false });
    if (result.exitCode !== 0) return '';
    return [result.stdout, result.stderr].filter(Boolean).join('\n').trim();
  }

  async ping(): Promise<void> {
    await this.podman(['ps', '--quiet', '--filter', 'label=mcp.service']);
  }

  /**
   * `podman events --since <since>` (whole seconds, rounded down) for containers and images,
   * one JSON line per event. The process dies with the agent (see {@link setpriv}).
   */
  watch(since: Date, handlers: ContainerEventHandlers): ContainerWatch {
    const args = [
      'events',
      '--format',
      'json',
      '--filter',
      'type=container',
      '--filter',
      'type=image',
      '--since',
      String(Math.floor(since.getTime() / 1000)),
    ];
    const [program, argv] = this.command(args);
    const guard = setpriv();
    const child = execa(guard ?? program, guard ? ['--pdeathsig', 'TERM', '--', program, ...argv] : argv, {
      env: this.env,
      reject: false,
      stdin: 'ignore',
      buffer: { stdout: false, stderr: true },
    });
    let stopping = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.trim()) return;
      // Anything but an image event (or a line that does not parse) counts as a container's,
      // and one without labels as any container's.
      let event: { Type?: unknown; Status?: unknown; Attributes?: unknown } = {};
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        // A container event with no status: the listing is dropped, which is always safe.
      }
      const image = event.Type === 'image';
      handlers.onEvent(
        image ? 'image' : 'container',
        typeof event.Status === 'string' ? event.Status : '',
        image ? undefined : stringsOf(event.Attributes),
      );
    });
    const ended = child.then((result) => {
      if (stopping) return;
      const words =
        result.stderr.trim() ||
        ('shortMessage' in result ? result.shortMessage : '') ||
        `exit code ${String(result.exitCode ?? result.signal)}`;
      handlers.onEnd(
        new RuntimeError('COMMAND_FAILED', `podman events ended: ${words.replace(/^Error: /, '')}`),
      );
    });
    return {
      stop: async () => {
        stopping = true;
        child.kill('SIGTERM');
        await ended;
      },
    };
  }

  /** The program and arguments for `podman <args>`: under `nice` for bookkeeping. */
  private command(args: string[]): [string, string[]] {
    const argv = [...this.globalArgs, ...args];
    if (this.niceness === 0 || STARTS_CONTAINERS.has(args[0] ?? '') || isUrgent()) return [this.bin, argv];
    return ['nice', ['-n', String(this.niceness), this.bin, ...argv]];
  }

  private async podman(args: string[], options: { reject?: boolean } = {}) {
    const result = await execa(...this.command(args), {
      env: this.env,
      reject: false,
      stdin: 'ignore',
    });
    if (result.exitCode !== 0 && options.reject !== false) {
      const words = (result.stderr || result.stdout || `exit code ${String(result.exitCode)}`).trim();
      throw new RuntimeError(
        'COMMAND_FAILED',
        `podman ${args[0] ?? ''} failed: ${words.replace(/^Error: /, '')}`,
      );
    }
    return result;
  }
}

/** `value` when it is an object of strings only (podman's event `Attributes`), else undefined. */
function stringsOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string') ? Object.fromEntries(entries) : undefined;
}

function formatHost(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}

function parseJson<T>(text: string, what: string): T | undefined {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new RuntimeError('BAD_OUTPUT', `${what} printed output that is not JSON`, { cause: error });
  }
}
