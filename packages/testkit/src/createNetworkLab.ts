import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { isProcessRunning } from './isProcessRunning.js';
import { TestkitError } from './TestkitError.js';

/** What to build: one network namespace per name, all on one bridge. */
export interface NetworkLabOptions {
  /** Namespaces to create, each with one address on the bridge, in this order. */
  namespaces: readonly string[];
  /**
   * The /24 inside 100.64.0.0/10 to use, as its network address ('100.64.7.0'). Default a
   * random one that no interface on this machine has an address in.
   */
  subnet?: string;
  /** Where labs are recorded so a later run can remove one left by a killed process. Default '/run/mcp-netlab'. */
  stateDir?: string;
}

/** One network namespace of a lab. */
export interface LabNamespace {
  /** The name it was asked for, e.g. 'orion'. */
  readonly name: string;
  /** The kernel's name for it, e.g. 'mcp-1a2b-orion'. */
  readonly netns: string;
  /** `/run/netns/<netns>`, for `nsenter --net=`. */
  readonly path: string;
  /** Its address on the bridge, e.g. '100.64.7.11'. */
  readonly address: string;
  /**
   * `argv` run inside the namespace: `nsenter --net=<path> -- argv`. Not `ip netns exec`,
   * which remounts /sys and leaves podman without a cgroup mount.
   */
  wrap(argv: readonly string[]): { file: string; args: string[] };
  /**
   * Takes its link to the bridge down (`false`: the node is cut off from everyone) or up
   * again, at the host's end of its veth, so the namespace keeps its address and routes.
   */
  setLink(up: boolean): Promise<void>;
}

/** Network namespaces on a bridge: each reaches the others and the host, and the host reaches each. */
export interface NetworkLab {
  readonly id: string;
  readonly bridge: string;
  /** The bridge's address: where a namespace reaches the host (its default route). */
  readonly hostAddress: string;
  /** e.g. '100.64.7.0/24'. */
  readonly subnet: string;
  readonly namespaces: ReadonlyMap<string, LabNamespace>;
  /** The namespace named `name`; throws for an unknown one. */
  get(name: string): LabNamespace;
  /** Deletes every namespace and the bridge; safe to call twice. */
  remove(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface LabRecord {
  pid: number;
  bridge: string;
  netns: string[];
}

const DEFAULT_STATE_DIR = '/run/mcp-netlab';
const NAME = /^[a-z][a-z0-9-]{0,15}$/;

/**
 * Builds a lab of network namespaces on one Linux bridge, with addresses in a /24 of
 * 100.64.0.0/10: the host (bridge) `.1`, the namespaces `.10`, `.11`, … in order. Each
 * namespace has `lo` up, `eth0` on the bridge and a default route via the host. Needs root
 * (CAP_NET_ADMIN). Labs whose creating process has died are removed first, so a test killed
 * mid-run leaves nothing behind for long.
 *
 * @throws TestkitError `UNAVAILABLE` without the privileges for network namespaces;
 *   `COMMAND_FAILED` when `ip` fails (anything already made is removed).
 */
export async function createNetworkLab(options: NetworkLabOptions): Promise<NetworkLab> {
  const stateDir = options.stateDir ?? DEFAULT_STATE_DIR;
  for (const name of options.namespaces) {
    if (!NAME.test(name))
      throw new TestkitError('COMMAND_FAILED', `bad namespace name ${JSON.stringify(name)}`);
  }
  if (new Set(options.namespaces).size !== options.namespaces.length) {
    throw new TestkitError('COMMAND_FAILED', 'namespace names must be distinct');
  }
  if (options.namespaces.length > 200) throw new TestkitError('COMMAND_FAILED', 'at most 200 namespaces');
  if (process.getuid?.() !== 0) {
    throw new TestkitError('UNAVAILABLE', 'network namespaces need root (CAP_NET_ADMIN)');
  }
  await sweepStaleLabs(stateDir);

  const id = randomBytes(2).toString('hex');
  if (
    options.subnet !== undefined &&
    !/^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.\d{1,3}\.0$/.test(options.subnet)
  ) {
    throw new TestkitError(
      'COMMAND_FAILED',
      `subnet must be a /24 network address inside 100.64.0.0/10, got ${options.subnet}`,
    );
  }
  const base = options.subnet ?? (await freeSubnet());
  const prefix = base.split('.').slice(0, 3).join('.');
  const bridge = `mcpbr-${id}`;
  const hostAddress = `${prefix}.1`;
  const record: LabRecord = { pid: process.pid, bridge, netns: [] };
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const recordFile = join(stateDir, `${id}.json`);
  const save = () => writeFile(recordFile, JSON.stringify(record), { mode: 0o600 });
  await save();

  const namespaces = new Map<string, LabNamespace>();
  let removed = false;
  const remove = async () => {
    if (removed) return;
    removed = true;
    await removeLab(record);
    await rm(recordFile, { force: true });
  };
  try {
    await ip(['link', 'add', bridge, 'type', 'bridge']);
    await ip(['addr', 'add', `${hostAddress}/24`, 'dev', bridge]);
    await ip(['link', 'set', bridge, 'up']);
    for (const [i, name] of options.namespaces.entries()) {
      const netns = `mcp-${id}-${name}`;
      const path = `/run/netns/${netns}`;
      const address = `${prefix}.${10 + i}`;
      await ip(['netns', 'add', netns]);
      record.netns.push(netns);
      await save();
      const hostEnd = `mcpv${id}-${i}`;
      const nsEnd = `mcpn${id}-${i}`;
      await ip(['link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', nsEnd]);
      await ip(['link', 'set', nsEnd, 'netns', netns]);
      await ip(['link', 'set', hostEnd, 'master', bridge, 'up']);
      const inside = (args: string[]) => ip(['-n', netns, ...args]);
      await inside(['link', 'set', nsEnd, 'name', 'eth0']);
      await inside(['addr', 'add', `${address}/24`, 'dev', 'eth0']);
      await inside(['link', 'set', 'eth0', 'up']);
      await inside(['link', 'set', 'lo', 'up']);
      await inside(['route', 'add', 'default', 'via', hostAddress]);
      namespaces.set(name, {
        name,
        netns,
        path,
        address,
        wrap: (argv) => ({ file: 'nsenter', args: [`--net=${path}`, '--', ...argv] }),
        setLink: (up) => ip(['link', 'set', hostEnd, up ? 'up' : 'down']),
      });
    }
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }
  return {
    id,
    bridge,
    hostAddress,
    subnet: `${prefix}.0/24`,
    namespaces,
    get(name) {
      const ns = namespaces.get(name);
      if (!ns) throw new TestkitError('COMMAND_FAILED', `no namespace ${name} in lab ${id}`);
      return ns;
    },
    remove,
    [Symbol.asyncDispose]: remove,
  };
}

/**
 * Removes labs recorded in `stateDir` whose creating process is gone. Returns the ids removed.
 */
export async function sweepStaleLabs(stateDir = DEFAULT_STATE_DIR): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(stateDir);
  } catch {
    return [];
  }
  const swept: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    const path = join(stateDir, file);
    let record: LabRecord;
    try {
      record = JSON.parse(await readFile(path, 'utf8')) as LabRecord;
    } catch {
      continue;
    }
    if (isProcessRunning(record.pid)) continue;
    await removeLab(record);
    await rm(path, { force: true });
    swept.push(file.slice(0, -'.json'.length));
  }
  return swept;
}

async function removeLab(record: LabRecord): Promise<void> {
  // Deleting a namespace deletes its veth end, and with it the host end.
  for (const netns of record.netns) await ip(['netns', 'del', netns]).catch(() => undefined);
  await ip(['link', 'del', record.bridge]).catch(() => undefined);
}

async function freeSubnet(): Promise<string> {
  const { stdout } = await execa('ip', ['-o', '-4', 'addr', 'show']);
  const used = new Set([...stdout.matchAll(/inet (\d+\.\d+\.\d+)\.\d+/g)].map((m) => m[1]));
  for (let attempt = 0; attempt < 100; attempt++) {
    const prefix = `100.${randomInt(64, 128)}.${randomInt(0, 256)}`;
    if (!used.has(prefix)) return `${prefix}.0`;
  }
  throw new TestkitError('COMMAND_FAILED', 'no free /24 in 100.64.0.0/10');
}

async function ip(args: string[]): Promise<void> {
  const r = await execa('ip', args, { reject: false });
  if (r.exitCode === 0) return;
  const message = `ip ${args.join(' ')} failed (${r.exitCode}): ${r.stderr.trim()}`;
  if (/Operation not permitted|Permission denied/.test(r.stderr)) {
    throw new TestkitError('UNAVAILABLE', message);
  }
  throw new TestkitError('COMMAND_FAILED', message);
}
