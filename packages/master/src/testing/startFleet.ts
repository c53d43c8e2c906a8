import { writeFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChannelCredentials, createTokenMiddleware, mintToken } from '@mcp/auth';
import { AgentServiceDefinition, MasterServiceDefinition, NodeStatus, type AgentServiceClient, type MasterServiceClient } from '@mcp/proto';
import {
  buildTestImage,
  createPodmanSandbox,
  freePort,
  makeTempDir,
  randomLoopbackAddress,
  startCaddy,
  startKnot,
  startProcess,
  waitFor,
  type CaddyInstance,
  type KnotInstance,
  type ManagedProcess,
  type PodmanSandbox,
} from '@mcp/testkit';
import { createChannel, createClientFactory, type Channel } from 'nice-grpc';
import { initFleet } from '../init/initFleet.js';
import { MASTER_NODE_FLAGS } from '../nodeFlags.js';
import { agentToml, masterToml } from './fleetToml.js';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Built entry points (this file runs from src/testing under jest and dist/testing otherwise). */
const MASTER_MAIN = join(here, '../../dist/main.js');
const AGENT_MAIN = join(here, '../../../agent/dist/main.js');

export type Role = 'master' | 'worker' | 'edge';

/** One node of a test fleet: its agent process, proxy and container storage. */
export interface FleetNode {
  name: string;
  role: Role;
  /** Its own loopback address; DNS records point here. */
  ip: string;
  /** `ip:port` of the agent. */
  address: string;
  caddy: CaddyInstance;
  sandbox: PodmanSandbox;
  configPath: string;
  process: ManagedProcess | undefined;
  /** Starts the agent process (again). */
  start(): Promise<void>;
  /** SIGKILL: the agent dies without a word, as on a crash. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful stop. */
  stop(): Promise<void>;
}

export interface TestFleet {
  dir: string;
  zone: string;
  /** Image refs built into every node's storage. */
  images: { v1: string; v2: string };
  masterAddress: string;
  master: { process: ManagedProcess | undefined; configPath: string; start(): Promise<void>; stop(): Promise<void>; kill(): Promise<void> };
  nodes: Map<string, FleetNode>;
  knot: KnotInstance | undefined;
  /** A token for any identity, signed with the fleet's key. */
  token(sub: string, kind: 'human' | 'agent' | 'master'): Promise<string>;
  /** A MasterService client calling as `as` (default the operator). */
  master$(as?: { sub: string; kind: 'human' | 'agent' | 'master' }): Promise<MasterServiceClient>;
  /** An AgentService client for one node, calling as the master. */
  agent$(node: string): Promise<AgentServiceClient>;
  /** Resolves once every named node is registered and has the status wanted. */
  waitForNodes(names: string[], status?: NodeStatus, timeoutMs?: number): Promise<void>;
  /** Writes an `mcp.toml` (and token, CA, services dir) for the CLI; returns its path. */
  cliConfig(): Promise<string>;
  stop(): Promise<void>;
}

export interface StartFleetOptions {
  /** Default rift (master), orion and hyperborea (workers). */
  nodes?: { name: string; role: Role }[];
  /** Start a Knot for the internal zone and have the master update it. Default false. */
  dns?: boolean;
  heartbeat?: { interval: string; threshold: string; probeTimeout: string; warmup: string };
  rateLimits?: { register: string; heartbeat: string };
  /** Identities allowed to register. Default every node's `agent-<name>`. */
  allowedAgents?: string[];
  /** Public domains for edge routes. Default `['example.test']`. */
  allowedDomains?: string[];
}

const DEFAULT_NODES: { name: string; role: Role }[] = [
  { name: 'rift', role: 'master' },
  { name: 'orion', role: 'worker' },
  { name: 'hyperborea', role: 'worker' },
];

/**
 * A whole fleet on this machine: `mcp-master init` material, optionally Knot,
 * then per node a podman sandbox with the test images, a Caddy and an agent
 * process on its own loopback address, and the master process. Intervals
 * are in milliseconds so liveness can be watched in a test.
 */
export async function startFleet(options: StartFleetOptions = {}): Promise<TestFleet> {
  const zone = 'fleet.test';
  const specs = options.nodes ?? DEFAULT_NODES;
  const master = specs.find((n) => n.role === 'master')?.name ?? specs[0]!.name;
  const cleanups: (() => Promise<unknown>)[] = [];
  const channels: Channel[] = [];
  const stop = async () => {
    for (const c of channels.splice(0)) c.close();
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    const temp = await makeTempDir('mcp-fleet-');
    cleanups.push(() => temp.remove());
    const dir = temp.path;
    const ips = new Map(specs.map((n) => [n.name, uniqueLoopback()]));
    await initFleet({
      dir,
      masterNode: master,
      masterAddresses: ['127.0.0.1', 'localhost'],
      agents: specs.map((n) => n.name),
      agentAddresses: Object.fromEntries([...ips].map(([name, ip]) => [name, [ip]])),
    });
    const signingKey = await readFile(join(dir, 'signing.key'), 'utf8');
    const caPem = await readFile(join(dir, 'ca.pem'), 'utf8');

    let knot: KnotInstance | undefined;
    let dns: { server: string; tsigKeyName: string; tsigSecretFile: string } | undefined;
    if (options.dns) {
      knot = await startKnot({ zone: `${zone}.` });
      cleanups.push(() => knot!.stop());
      dns = { server: knot.server, tsigKeyName: knot.tsig.name.replace(/\.$/, ''), tsigSecretFile: knot.secretFile };
    }

    const masterPort = await freePort({ host: '127.0.0.1' });
    const masterAddress = `127.0.0.1:${masterPort}`;
    const hb = options.heartbeat ?? { interval: '200ms', threshold: '700ms', probeTimeout: '300ms', warmup: '1s' };
    const masterConfigPath = join(dir, 'mcp-master.toml');
    await writeFile(
      masterConfigPath,
      masterToml({
        node: master,
        zone,
        dir,
        listen: masterAddress,
        database: join(dir, 'master.db'),
        allowedAgents: options.allowedAgents ?? specs.map((n) => `agent-${n.name}`),
        heartbeat: hb,
        rateLimits: options.rateLimits ?? { register: '20/1s', heartbeat: '20/1s' },
        dns,
        allowedDomains: options.allowedDomains ?? ['example.test'],
      }),
    );
    const masterHandle: TestFleet['master'] = {
      process: undefined,
      configPath: masterConfigPath,
      async start() {
        this.process = await startProcess(process.execPath, [...MASTER_NODE_FLAGS, MASTER_MAIN, 'run', '--config', masterConfigPath], {
          logPath: join(dir, 'master.log'),
        });
        await this.process.waitReady(async () => (await this.process!.readLog()).includes('master listening'), { timeoutMs: 15_000 });
      },
      async stop() {
        await this.process?.stop();
      },
      async kill() {
        if (this.process) process.kill(this.process.pid, 'SIGKILL');
        await this.process?.exited;
      },
    };
    cleanups.push(() => masterHandle.stop());

    const nodes = new Map<string, FleetNode>();
    let images = { v1: '', v2: '' };
    for (const spec of specs) {
      const ip = ips.get(spec.name)!;
      const sandbox = await createPodmanSandbox();
      cleanups.push(() => sandbox.stop());
      images = {
        v1: (await buildTestImage(sandbox, { tag: 'localhost/mcp-test/httpd:v1.0.0' })).ref,
        v2: (await buildTestImage(sandbox, { tag: 'localhost/mcp-test/httpd:v1.0.1' })).ref,
      };
      const caddy = await startCaddy({ host: ip });
      cleanups.push(() => caddy.stop());
      const dataDir = join(dir, 'nodes', spec.name);
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      const address = `${ip}:${await freePort({ host: ip })}`;
      const configPath = join(dataDir, 'mcp-agent.toml');
      await writeFile(
        configPath,
        agentToml({
          node: spec.name,
          role: spec.role,
          zone,
          dir,
          dataDir,
          listen: address,
          masterAddress,
          podman: sandbox.podmanPath,
          globalArgs: sandbox.globalArgs,
          containersConf: sandbox.env.CONTAINERS_CONF,
          bindAddress: ip,
          caddySocket: caddy.adminSocket,
          caddyListen: `${caddy.host}:${caddy.port}`,
          heartbeatInterval: hb.interval,
          monitorInterval: '500ms',
        }),
      );
      const node: FleetNode = {
        name: spec.name,
        role: spec.role,
        ip,
        address,
        caddy,
        sandbox,
        configPath,
        process: undefined,
        async start() {
          this.process = await startProcess(process.execPath, [AGENT_MAIN, '--config', configPath], {
            logPath: join(dataDir, 'agent.log'),
            env: { CONTAINERS_STORAGE_CONF: sandbox.env.CONTAINERS_STORAGE_CONF },
          });
          await this.process.waitReady(async () => (await this.process!.readLog()).includes('agent listening'), { timeoutMs: 15_000 });
        },
        async kill() {
          if (this.process) process.kill(this.process.pid, 'SIGKILL');
          await this.process?.exited;
        },
        async stop() {
          await this.process?.stop();
        },
      };
      cleanups.push(() => node.stop());
      nodes.set(spec.name, node);
    }

    await masterHandle.start();
    for (const node of nodes.values()) await node.start();

    const token = (sub: string, kind: 'human' | 'agent' | 'master') => mintToken(signingKey, { sub, kind, ttl: 3600 });
    const credentials = createChannelCredentials({ ca: caPem });
    const fleet: TestFleet = {
      dir,
      zone,
      images,
      masterAddress,
      master: masterHandle,
      nodes,
      knot,
      token,
      async master$(as = { sub: 'operator', kind: 'human' }) {
        const channel = createChannel(masterAddress, credentials);
        channels.push(channel);
        return createClientFactory().use(createTokenMiddleware(await token(as.sub, as.kind))).create(MasterServiceDefinition, channel);
      },
      async agent$(name) {
        const channel = createChannel(nodes.get(name)!.address, credentials);
        channels.push(channel);
        return createClientFactory().use(createTokenMiddleware(await token('mcp-master', 'master'))).create(AgentServiceDefinition, channel);
      },
      async waitForNodes(names, status = NodeStatus.NODE_STATUS_HEALTHY, timeoutMs = 15_000) {
        const client = await fleet.master$();
        await waitFor(
          async () => {
            const { nodes: listed } = await client.listNodes({});
            return names.every((n) => listed.find((x) => x.name === n)?.status === status);
          },
          { timeoutMs, intervalMs: 100, description: `nodes ${names.join(', ')} ${NodeStatus[status]}` },
        );
      },
      async cliConfig() {
        const cli = join(dir, 'cli');
        await mkdir(join(cli, 'services'), { recursive: true, mode: 0o700 });
        await writeFile(join(cli, 'token'), `${await token('operator', 'human')}\n`, { mode: 0o600 });
        await writeFile(join(cli, 'ca.pem'), caPem);
        const nodeLines = [...nodes.values()].map((n) => `[[nodes]]\nname = "${n.name}"\naddress = "${n.address}"\n`).join('\n');
        const path = join(cli, 'mcp.toml');
        await writeFile(
          path,
          `services_dir = "${join(cli, 'services')}"\ntoken_file = "${join(cli, 'token')}"\nca_cert = "${join(cli, 'ca.pem')}"\n\n[master]\naddress = "${masterAddress}"\n\n${nodeLines}`,
        );
        return path;
      },
      stop,
    };
    return fleet;
  } catch (error) {
    await stop();
    throw error;
  }
}

const used = new Set<string>();
function uniqueLoopback(): string {
  for (;;) {
    const ip = randomLoopbackAddress();
    if (!used.has(ip)) {
      used.add(ip);
      return ip;
    }
  }
}
