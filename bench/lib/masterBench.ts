// Shared by the master benchmarks: a fleet directory made by `initFleet`, a
// real master process (node packages/master/dist/main.js run --config ...)
// with its database on disk, MasterService clients with real tokens over TLS
// 1.3, /proc readings of a process's CPU time and memory, and a summary of a
// V8 CPU profile.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createChannelCredentials, createTokenMiddleware, mintToken } from '@mcp/auth';
import { MASTER_NODE_FLAGS, initFleet } from '@mcp/master';
import { MASTER_IDENTITY } from '@mcp/names';
import { BINARIES, masterToml } from '@mcp/integration';
import { MasterServiceDefinition, type MasterServiceClient } from '@mcp/proto';
import { freePort, makeTempDir, startProcess, type ManagedProcess } from '@mcp/testkit';
import { createChannel, createClientFactory, type Channel } from 'nice-grpc';

/** The built master entry point (the `mcp-master` bin). */
export const MASTER_MAIN = BINARIES.master;

export const MASTER_NODE = 'bench-master';

/** The benchmarks' fleet zone. */
export const BENCH_ZONE = 'fleet.test';

export interface BenchFleetDir {
  dir: string;
  signingKey: string;
  caPem: string;
  /** The master's TLS certificate and key (PEM), for an echo server with the same credentials. */
  masterCert: string;
  masterKey: string;
  remove(): Promise<void>;
}

/**
 * `mcp-master init` material in a new temporary directory. Nodes named in
 * `agentAddresses` get agent TLS certificates for those addresses
 * (`agents/<node>.pem` and `.key`).
 */
export async function makeFleetDir(agentAddresses: Record<string, string[]> = {}): Promise<BenchFleetDir> {
  const temp = await makeTempDir('mcp-bench-');
  try {
    await initFleet({
      dir: temp.path,
      masterNode: MASTER_NODE,
      zone: BENCH_ZONE,
      masterAddresses: ['127.0.0.1', 'localhost'],
      agentAddresses,
    });
    const read = (name: string) => readFile(join(temp.path, name), 'utf8');
    return {
      dir: temp.path,
      signingKey: await read('signing.key'),
      caPem: await read('ca.pem'),
      masterCert: await read('master.pem'),
      masterKey: await read('master.key'),
      // MCP_BENCH_KEEP_DIR=1 keeps the directory (master.log, master.db) for a look afterwards.
      remove: async () => {
        if (process.env.MCP_BENCH_KEEP_DIR === '1') console.error(`kept ${temp.path}`);
        else await temp.remove();
      },
    };
  } catch (error) {
    await temp.remove();
    throw error;
  }
}

export interface BenchMasterOptions {
  allowedAgents: string[];
  maxNodes: number;
  heartbeat: { interval: string; threshold: string; probeTimeout: string; warmup: string };
  rateLimits: { register: string; heartbeat: string };
  /** Extra node flags for the master process (e.g. `--cpu-prof`); MCP_BENCH_MASTER_NODE_ARGS adds more. */
  nodeArgs?: string[];
}

export interface BenchMaster {
  process: ManagedProcess;
  address: string;
  configPath: string;
  logPath: string;
  stop(): Promise<void>;
}

/** Renders the config with `masterToml` (plus `max_nodes`) and runs the master until it logs 'master listening'. */
export async function startBenchMaster(
  fleet: BenchFleetDir,
  options: BenchMasterOptions,
): Promise<BenchMaster> {
  const address = `127.0.0.1:${await freePort()}`;
  const toml = masterToml({
    node: MASTER_NODE,
    zone: BENCH_ZONE,
    dir: fleet.dir,
    listen: address,
    database: join(fleet.dir, 'master.db'),
    allowedAgents: options.allowedAgents,
    heartbeat: options.heartbeat,
    rateLimits: options.rateLimits,
    allowedDomains: ['example.test'],
  });
  // masterToml has no max_nodes: it goes at the end of [registration], which [heartbeat] follows.
  const withMax = toml.replace('\n[heartbeat]\n', `max_nodes = ${options.maxNodes}\n\n[heartbeat]\n`);
  if (withMax === toml) throw new Error('cannot place max_nodes in the master config');
  const configPath = join(fleet.dir, 'mcp-master.toml');
  await writeFile(configPath, withMax);
  const logPath = join(fleet.dir, 'master.log');
  // MCP_BENCH_MASTER_NODE_ARGS: extra node flags for experiments (`--max-semi-space-size=4`, `--trace-gc`).
  const extra = (process.env.MCP_BENCH_MASTER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const proc = await startProcess(
    process.execPath,
    // The master's own flags first (as its executable starts it), then experiments.
    [...MASTER_NODE_FLAGS, ...extra, ...(options.nodeArgs ?? []), MASTER_MAIN, 'run', '--config', configPath],
    { logPath },
  );
  await proc.waitReady(async () => (await proc.readLog()).includes('master listening'), {
    timeoutMs: 20_000,
  });
  return {
    process: proc,
    address,
    configPath,
    logPath,
    stop: async () => void (await proc.stop({ timeoutMs: 15_000 })),
  };
}

/** A MasterService client calling as `sub` (kind `agent` for `agent-*`, else `human`) over its own channel. */
export async function masterClient(
  address: string,
  fleet: { signingKey: string; caPem: string },
  sub: string,
): Promise<{ client: MasterServiceClient; channel: Channel }> {
  const kind = sub.startsWith('agent-') ? 'agent' : 'human';
  const token = await mintToken(fleet.signingKey, { sub, kind, audience: MASTER_IDENTITY, ttl: 3600 });
  const channel = createChannel(address, createChannelCredentials({ ca: fleet.caPem }));
  const client = createClientFactory()
    .use(createTokenMiddleware(token))
    .create(MasterServiceDefinition, channel);
  return { client, channel };
}

/** A register request for a simulated worker node. */
export const registerRequest = (name: string, address: string) => ({
  name,
  role: 'worker',
  address,
  arch: 'amd64',
  agentVersion: '0.1.0',
});

/** A heartbeat as an agent sends it, with resource figures. */
export const heartbeatRequest = (name: string) => ({
  name,
  resources: {
    cpuMillicores: 250,
    memoryAvailableBytes: 8 * 1024 ** 3,
    diskAvailableBytes: 100 * 1024 ** 3,
    containers: 3,
  },
  agentVersion: '0.1.0',
});

// --- /proc -------------------------------------------------------------------

let clockTicks: number | undefined;
const ticksPerSecond = (): number =>
  (clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100);

/** User + system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/** A process's memory from /proc/<pid>/status, in kB: VmHWM (peak RSS) and VmRSS. */
export function memoryKb(pid: number): { hwm: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { hwm: field('VmHWM'), rss: field('VmRSS') };
}

/** Samples a process's CPU over a window: `stop()` gives the CPU used as % of one core. */
export function cpuMeter(pid: number): { stop(): { percent: number; seconds: number } } {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  return {
    stop() {
      const seconds = cpuSeconds(pid) - cpu0;
      return { seconds, percent: (100 * seconds) / ((performance.now() - t0) / 1000) };
    },
  };
}

// --- numbers -----------------------------------------------------------------

/** Nearest-rank percentile of an ascending-sorted array. */
export const percentile = (sorted: ArrayLike<number>, p: number): number =>
  sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

// --- CPU profiles ------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/**
 * Prints the top self-time functions of every `.cpuprofile` in `dir` (what
 * `node --cpu-prof --cpu-prof-dir=<dir>` writes when the process exits).
 */
export async function summarizeCpuProfiles(dir: string, top = 25): Promise<void> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) {
    console.log(`  no .cpuprofile in ${dir} (the master writes it only when it exits cleanly)`);
    return;
  }
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
      nodes: ProfileNode[];
      samples: number[];
      timeDeltas: number[];
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    const byPackage = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      const dt = profile.timeDeltas[i] ?? 0;
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url
        .replace(/^file:\/\//, '')
        .replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '');
      const key = `${functionName || '(anonymous)'}  ${where ? `${where}:${lineNumber + 1}` : ''}`;
      self.set(key, (self.get(key) ?? 0) + dt);
      const pkg = classify(functionName, url);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
      total += dt;
    });
    // Shares of the main thread's busy time (idle left out). Work on other
    // threads (libuv's pool: WebCrypto, file I/O; GC helpers) is not sampled.
    const idle = byPackage.get('(idle)') ?? 0;
    const busy = total - idle;
    const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
    console.log(
      `  ${file}: ${fmt(total / 1e6, 1)} s sampled, main thread busy ${fmt(busy / 1e6, 1)} s;` +
        ' self time as % of busy, by where the code lives:',
    );
    for (const [pkg, us] of [...byPackage]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 14)) {
      console.log(`    ${pct(us)}  ${pkg}`);
    }
    console.log(`  top ${top} functions by self time (% of busy):`);
    for (const [key, us] of [...self]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)) {
      console.log(`    ${pct(us)}  ${key}`);
    }
  }
}

function classify(functionName: string, url: string): string {
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(garbage collector)';
  if (functionName === '(program)') return '(program: native, not attributed)';
  if (!url) return `(native) ${functionName}`;
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const ours = /\/packages\/([^/]+)\//.exec(url)?.[1];
  if (ours) return `@mcp/${ours}`;
  if (url.startsWith('node:')) return `node core (${url.split('/').slice(0, 2).join('/')})`;
  return url;
}
