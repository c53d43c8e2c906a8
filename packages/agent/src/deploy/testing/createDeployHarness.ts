import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyedLock } from '@mcp/daemon-kit';
import { pino } from 'pino';
import { CertificateManager } from '../../certs/CertificateManager.js';
import { PortAllocator } from '../../runtime/PortAllocator.js';
import { AgentStore } from '../../store/AgentStore.js';
import type { AgentContext } from '../AgentContext.js';
import { Deployer } from '../Deployer.js';
import { InMemoryCa } from './InMemoryCa.js';
import { HealthBook } from '../../health/HealthBook.js';
import { InMemoryHealth } from './InMemoryHealth.js';
import { InMemoryProxy } from './InMemoryProxy.js';
import { InMemoryRuntime } from './InMemoryRuntime.js';

/** Everything on the node a deploy can leave behind, in a form tests compare. */
export interface NodeState {
  /** `<name> <state> <image>`. */
  containers: string[];
  /** Proxy routes, `<id> -> <upstream>`. */
  routes: string[];
  /** Certificate ids loaded in the proxy. */
  proxyCertificates: string[];
  /** Hostnames of the certificates the store records. */
  certificates: string[];
  /** Host ports the store holds. */
  ports: number[];
  /** The stored record per service: `<service> active|stopped <image>...`. */
  records: string[];
}

/** A Deployer over in-memory drivers, a real store and a real CertificateManager. */
export interface DeployHarness {
  ctx: AgentContext;
  deployer: Deployer;
  runtime: InMemoryRuntime;
  proxy: InMemoryProxy;
  ca: InMemoryCa;
  health: InMemoryHealth;
  store: AgentStore;
  /** Where the CertificateManager writes certificate and key files. */
  certsDir: string;
  /** The agent's and the CA's clock; moves only when told. */
  clock: { now: Date; advance(ms: number): void };
  /** When false, the port allocator finds no free port (the range is used up). */
  portsFree: boolean;
  state(): NodeState;
  close(): Promise<void>;
}

/** What the harness's registry holds, and its zone and port range. */
export interface DeployHarnessOptions {
  /** Images a pull can find. */
  images: string[];
  /** Default `fleet.test`. */
  zone?: string;
  /** Default 20000–20099; allocation starts at the bottom, so ports are predictable. */
  portRange?: readonly [number, number];
}

/** Builds a harness; `close()` it after the test. */
export async function createDeployHarness(options: DeployHarnessOptions): Promise<DeployHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-deploy-'));
  const store = new AgentStore(':memory:');
  const runtime = new InMemoryRuntime(options.images);
  const proxy = new InMemoryProxy();
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const now = () => clock.now;
  const ca = new InMemoryCa({ now });
  const health = new InMemoryHealth((port) =>
    [...runtime.containers.values()].some(
      (c) => c.state === 'running' && c.spec.ports.some((p) => p.hostPort === port),
    ),
  );
  let portsFree = true;
  const ctx: AgentContext = {
    nodeName: 'rift',
    role: 'worker',
    zone: options.zone ?? 'fleet.test',
    store,
    runtime,
    proxy,
    certs: new CertificateManager({ store, provider: ca, dir, now }),
    ports: new PortAllocator({
      range: options.portRange ?? [20000, 20099],
      random: () => 0,
      isFree: () => Promise.resolve(portsFree),
    }),
    bindAddress: '127.0.0.1',
    stopTimeoutSeconds: 1,
    locks: new KeyedLock(),
    logger: pino({ level: 'silent' }),
    now,
    health,
    healthBook: new HealthBook(),
    // Waiting moves the clock instead, so deadlines pass at once.
    sleep: (ms) => {
      clock.advance(ms);
      return Promise.resolve();
    },
  };
  const harness: DeployHarness = {
    ctx,
    deployer: new Deployer(ctx),
    runtime,
    proxy,
    ca,
    health,
    store,
    certsDir: dir,
    clock,
    get portsFree() {
      return portsFree;
    },
    set portsFree(free: boolean) {
      portsFree = free;
    },
    state: () => nodeState(harness),
    async close() {
      store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

function nodeState({ runtime, proxy, store }: DeployHarness): NodeState {
  const services = store.listServices();
  return {
    containers: runtime.describe(),
    routes: proxy.describeRoutes(),
    proxyCertificates: [...proxy.certificates.keys()].sort(),
    certificates: store.listCertificates().map((c) => c.hostname),
    ports: [...store.allPorts()].sort((a, b) => a - b),
    records: services.map((s) => {
      const images = store.getService(s.name)!.components.map((c) => c.image);
      return `${s.name} ${s.active ? 'active' : 'stopped'} ${images.join(' ')}`;
    }),
  };
}
