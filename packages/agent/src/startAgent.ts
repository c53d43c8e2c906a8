// Over 200 lines on purpose: the agent's wiring, in start order (config,
// store, recovery of interrupted switches, proxy, runtime, certificates,
// server, master link, monitor), and the stop order in reverse; keeping both
// in one file is what makes a missing cleanup visible.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeArchOf, type NodeRole } from '@mcp/names';
import {
  authorizationTable,
  createAuthMiddleware,
  createServerCredentials,
  type TokenVerifier,
} from '@mcp/auth';
import { AgentServiceDefinition, type MasterServiceClient } from '@mcp/proto';
import { createServer } from 'nice-grpc';
import { HealthDefinition, HealthServiceImpl } from 'nice-grpc-server-health';
import { pino, type Logger } from 'pino';
import { CertificateManager } from './certs/CertificateManager.js';
import type { CertificateProvider } from './certs/CertificateProvider.js';
import type { AgentContext } from './deploy/AgentContext.js';
import { Deployer } from './deploy/Deployer.js';
import { errorBoundary, KeyedLock, listenFailure } from '@mcp/daemon-kit';
import { Lifecycle } from './deploy/Lifecycle.js';
import { Monitor } from './deploy/Monitor.js';
import { recoverSwitches } from './deploy/recoverSwitches.js';
import { createEdgeService } from './edge/createEdgeService.js';
import { EdgeRouter, type EdgeSettings } from './edge/EdgeRouter.js';
import { MasterLink } from './master/MasterLink.js';
import { resourceSampler } from './master/sampleResources.js';
import { checkAgentHealth, type AgentHealth } from './server/checkAgentHealth.js';
import { HealthBook } from './health/HealthBook.js';
import { NetHealthChecker } from './health/NetHealthChecker.js';
import type { ProxyDriver } from './proxy/ProxyDriver.js';
import type { ContainerRuntime } from './runtime/ContainerRuntime.js';
import { PortAllocator } from './runtime/PortAllocator.js';
import { WatchedRuntime } from './runtime/WatchedRuntime.js';
import { createAgentService } from './server/createAgentService.js';
import { AGENT_ERROR_MAPPINGS } from './server/errorStatus.js';
import { AgentStore } from './store/AgentStore.js';
import { AGENT_VERSION } from './version.js';

/** Everything an agent needs, already loaded (main.ts maps the TOML config onto this). */
export interface StartAgentOptions {
  node: string;
  role: NodeRole;
  /** Internal zone: names are `<component>.svc.mcp.<zone>`. */
  zone: string;
  /** Holds mcp.db and certificates. */
  dataDir: string;
  /** `host:port` for the gRPC listener; port 0 picks one. */
  listen: string;
  /** The agent's own TLS certificate chain and key (PEM). */
  tls: { cert: string; key: string };
  verifier: TokenVerifier;
  /** Whether humans may call agent RPCs directly (mcp --direct). Default false. */
  allowDirect?: boolean;
  runtime: ContainerRuntime;
  proxy: ProxyDriver;
  certificateProvider: CertificateProvider;
  /** Address host ports are published on. Default `127.0.0.1`. */
  bindAddress?: string;
  /** Default [10000, 60000]. */
  portRange?: [number, number];
  /** Default 10. */
  stopTimeoutSeconds?: number;
  /** Default 30 000. */
  monitorIntervalMs?: number;
  /** Renew certificates with this fraction of their lifetime left. Default 1/3. */
  renewFraction?: number;
  /** Default: pino to stderr at `info`. */
  logger?: Logger;
  /** Called when a rolling switch is about to move a route; tests stop the agent there. Default none. */
  beforeSwitch?: (service: string) => Promise<void>;
  /** On an edge node: what it serves and how it checks backends. Required for role `edge`. */
  edge?: EdgeSettings;
  /** The port the node proxy serves routes on, reported at registration (the edge forwards there). */
  proxyPort?: number;
  /** Register with this master and send heartbeats; absent: direct mode only. */
  master?: {
    client: MasterServiceClient;
    /** `host:port` the master dials. Default the listen host and the bound port. */
    advertiseAddress?: string;
    /** Default 30 000, until the master names one. */
    heartbeatIntervalMs?: number;
    /** Registration retry. Default 1 s doubling to 60 s. */
    backoff?: { baseMs: number; maxMs: number };
  };
}

/** The Go-style architecture name of this machine, as the fleet records it. */
export function nodeArch(): string {
  return nodeArchOf(process.arch) ?? process.arch;
}

/** A started agent. */
export interface RunningAgent {
  /** The port the gRPC listener got. */
  port: number;
  ctx: AgentContext;
  monitor: Monitor;
  /** Present when a master is configured. */
  link: MasterLink | undefined;
  /** Graceful: stops the monitor, lets calls finish, closes the store. */
  stop(): Promise<void>;
  /**
   * Abrupt, as a killed process: calls in flight are cut off and never
   * finish, the store is closed under them. What the next start finds is
   * what a crash leaves. For tests.
   */
  kill(): void;
}

/** Builds the agent from `options` and starts its gRPC server and monitor. */
export async function startAgent(options: StartAgentOptions): Promise<RunningAgent> {
  const logger =
    options.logger ?? pino({ name: 'mcp-agent', base: { node: options.node } }, pino.destination(2));
  const store = new AgentStore(join(options.dataDir, 'mcp.db'));
  // Status and every heartbeat list the node's containers: from memory while
  // podman's events say nothing changed. An edge node has no containers.
  const runtime = new WatchedRuntime(options.runtime, { logger });
  const ctx: AgentContext = {
    nodeName: options.node,
    role: options.role,
    zone: options.zone,
    store,
    runtime,
    proxy: options.proxy,
    certs: new CertificateManager({
      store,
      provider: options.certificateProvider,
      dir: join(options.dataDir, 'certs'),
      renewFraction: options.renewFraction,
    }),
    ports: new PortAllocator({ range: options.portRange, bindAddress: options.bindAddress }),
    bindAddress: options.bindAddress ?? '127.0.0.1',
    stopTimeoutSeconds: options.stopTimeoutSeconds ?? 10,
    locks: new KeyedLock(),
    health: new NetHealthChecker(),
    healthBook: new HealthBook(),
    logger,
    now: () => new Date(),
    sleep: (ms) => sleep(ms),
    beforeSwitch: options.beforeSwitch,
  };
  const deployer = new Deployer(ctx);
  const lifecycle = new Lifecycle(ctx);
  if (options.role === 'edge' && !options.edge) throw new Error('an edge agent needs its [edge] settings');
  const edge = options.role === 'edge' && options.edge ? new EdgeRouter(ctx, options.edge) : undefined;
  const monitor = new Monitor(ctx, deployer, options.monitorIntervalMs ?? 30_000, edge);
  // Before anything can deploy: a switch an earlier run was killed in is
  // finished or undone, so no route is left with two containers or none.
  for (const line of await recoverSwitches(ctx)) logger.info({ recovery: line }, 'interrupted switch');

  const server = createServer()
    .use(errorBoundary({ daemon: 'mcp-agent', mappings: AGENT_ERROR_MAPPINGS, logger }))
    .use(
      createAuthMiddleware({
        verifier: options.verifier,
        table: authorizationTable({ agentAllowsHumans: options.allowDirect ?? false }),
        logger,
      }),
    );
  server.add(
    AgentServiceDefinition,
    createAgentService({
      ctx,
      deployer,
      lifecycle,
      version: AGENT_VERSION,
      edge: edge && createEdgeService(edge, options.node, options.edge!.caPem),
    }),
  );
  server.add(HealthDefinition, HealthServiceImpl());
  if (options.role !== 'edge') runtime.startWatching();
  let port: number;
  try {
    port = await server.listen(options.listen, createServerCredentials(options.tls));
  } catch (error) {
    await runtime.stopWatching();
    store.close();
    throw listenFailure(options.listen, error);
  }
  monitor.start();
  logger.info({ port, role: options.role, version: AGENT_VERSION }, 'agent listening');

  let link: MasterLink | undefined;
  if (options.master) {
    let selfCheck: Promise<AgentHealth> | undefined;
    const host = options.listen.slice(0, options.listen.lastIndexOf(':'));
    link = new MasterLink({
      client: options.master.client,
      node: options.node,
      role: options.role,
      address:
        options.master.advertiseAddress ??
        `${host === '0.0.0.0' || host === '' ? '127.0.0.1' : host}:${port}`,
      arch: nodeArch(),
      version: AGENT_VERSION,
      proxyPort: options.proxyPort ?? 0,
      heartbeatIntervalMs: options.master.heartbeatIntervalMs ?? 30_000,
      backoff: options.master.backoff ?? { baseMs: 1000, maxMs: 60_000 },
      // One self-check per heartbeat: the sampler runs it for the container
      // count, then the link sends its problems (it asks in that order).
      resources: resourceSampler(
        options.dataDir,
        async () => (await (selfCheck = checkAgentHealth(ctx))).containers,
      ),
      problems: async () => (await (selfCheck ?? checkAgentHealth(ctx))).problems,
      logger,
    });
    link.start();
  }

  return {
    port,
    ctx,
    monitor,
    link,
    async stop() {
      await link?.stop();
      await monitor.stop();
      await server.shutdown();
      await runtime.stopWatching();
      store.close();
      logger.info('agent stopped');
    },
    kill() {
      void link?.stop();
      void monitor.stop();
      server.forceShutdown();
      void runtime.stopWatching();
      store.close();
      logger.info('agent killed');
    },
  };
}
