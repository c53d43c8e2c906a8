import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { makeTempDir, sweepDeadOwners } from './makeTempDir.js';
import { mountsUnder } from './mountsUnder.js';
import { TestkitError } from './TestkitError.js';

export interface PodmanSandboxOptions {
  /** The podman binary. Default 'podman'. */
  podmanPath?: string;
  /**
   * A network namespace (`/run/netns/<name>`) every `podman()` call runs in, so containers get
   * their networks there (a node's agent started in it runs podman there too). Default none.
   */
  netns?: string;
}

/** What a podman command printed. */
export interface PodmanResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A podman whose storage, state and networks are private to one test. */
export interface PodmanSandbox {
  /** Holds the configuration files and all storage; removed by `stop()`. */
  readonly dir: string;
  readonly podmanPath: string;
  /** Environment every podman call needs: the sandbox's containers.conf and storage.conf. */
  readonly env: { CONTAINERS_CONF: string; CONTAINERS_STORAGE_CONF: string };
  /** Arguments to put before every podman subcommand (they repeat storage.conf, explicitly). */
  readonly globalArgs: readonly string[];
  /**
   * Runs `podman <globalArgs> <args>` with `env`. Throws `TestkitError('COMMAND_FAILED')` on a
   * non-zero exit unless `reject: false`.
   */
  podman(args: readonly string[], options?: { input?: string; reject?: boolean }): Promise<PodmanResult>;
  /** Removes every container and image of this sandbox, unmounts leftovers and deletes `dir`. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates a podman sandbox under os.tmpdir(). Storage uses the `vfs` driver: images here are
 * a few megabytes, and unlike `overlay` it leaves no mounts behind. runc, cgroupfs and a file
 * events log because PID 1 is not systemd; low ulimits because root lacks CAP_SYS_RESOURCE.
 * Networks are configured in the sandbox, so `podman system reset` cannot remove anyone
 * else's; the default network (10.88.0.0/16 on cni-podman0) is shared with the host's podman.
 */
export async function createPodmanSandbox(options: PodmanSandboxOptions = {}): Promise<PodmanSandbox> {
  const { podmanPath = 'podman', netns } = options;
  await sweepStalePodmanSandboxes({ podmanPath });
  const temp = await makeTempDir(PREFIX);
  const dir = temp.path;
  const { env, globalArgs } = layout(dir);
  await writeFile(env.CONTAINERS_CONF, containersConf(dir));
  await writeFile(
    env.CONTAINERS_STORAGE_CONF,
    `[storage]\ndriver = "vfs"\ngraphroot = ${toml(join(dir, 'root'))}\nrunroot = ${toml(join(dir, 'run'))}\n`,
  );

  const podman = podmanIn(dir, podmanPath, netns);

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= removeSandbox(dir, podman).then(() => temp.remove()));

  return { dir, podmanPath, env, globalArgs, podman, stop, [Symbol.asyncDispose]: stop };
}

const PREFIX = 'mcp-podman-';

/** The files and arguments of the sandbox in `dir`. */
function layout(dir: string) {
  const env = {
    CONTAINERS_CONF: join(dir, 'containers.conf'),
    CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'),
  };
  const globalArgs = ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'vfs'];
  return { env, globalArgs };
}

/** `podman <globalArgs> <args>` for the sandbox in `dir` (see {@link PodmanSandbox.podman}). */
function podmanIn(dir: string, podmanPath: string, netns?: string): PodmanSandbox['podman'] {
  const { env, globalArgs } = layout(dir);
  return async (args, { input, reject = true } = {}) => {
    const argv = [podmanPath, ...globalArgs, ...args];
    const [file, ...rest] = netns ? ['nsenter', `--net=${netns}`, '--', ...argv] : argv;
    const result = await execa(file!, rest, { env, input, reject: false });
    const out = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? -1 };
    if (reject && out.exitCode !== 0) {
      throw new TestkitError(
        'COMMAND_FAILED',
        `podman ${args.join(' ')} exited ${out.exitCode}: ${out.stderr.trim() || result.message}`,
      );
    }
    return out;
  };
}

/** Removes every pod, container (with its processes) and image, then unmounts what is left. */
async function removeSandbox(dir: string, podman: PodmanSandbox['podman']): Promise<void> {
  await podman(['pod', 'rm', '--all', '--force', '--time', '0'], { reject: false });
  await podman(['rm', '--all', '--force', '--time', '0'], { reject: false });
  await podman(['system', 'reset', '--force'], { reject: false });
  for (const point of await mountsUnder(dir)) {
    await execa('umount', ['--lazy', point], { reject: false });
  }
}

/**
 * Removes the sandboxes under `dir` (default os.tmpdir()) whose owning process is gone: a
 * test or `npm run fleet` killed (SIGKILL, an OOM, a crash) before its `stop()` leaves its
 * containers running and its storage behind. Called by every {@link createPodmanSandbox}, so a
 * second run right after cleans up after the first. A sandbox with a live owner, or with no
 * owner file (being created, or not one of these), is left alone. Returns the dirs removed.
 */
export function sweepStalePodmanSandboxes(
  options: { dir?: string; podmanPath?: string } = {},
): Promise<string[]> {
  const podmanPath = options.podmanPath ?? 'podman';
  return sweepDeadOwners(
    options.dir ?? tmpdir(),
    (name) => name.startsWith(PREFIX),
    (dir) => removeSandbox(dir, podmanIn(dir, podmanPath)),
  );
}

function containersConf(dir: string): string {
  return `# Written by @mcp/testkit for one test's podman sandbox.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = ${toml(join(dir, 'tmp'))}

[network]
network_config_dir = ${toml(join(dir, 'networks'))}
`;
}

const toml = (value: string) => JSON.stringify(value);
