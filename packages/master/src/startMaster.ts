import {
  authorizationTable,
  createAuthMiddleware,
  createServerCredentials,
  createTokenVerifier,
} from '@mcp/auth';
import { MASTER_IDENTITY } from '@mcp/names';
import { MasterServiceDefinition } from '@mcp/proto';
import { errorBoundary, listenFailure } from '@mcp/daemon-kit';
import { createServer } from 'nice-grpc';
import { HealthDefinition, HealthServiceImpl } from 'nice-grpc-server-health';
import { pino, type Logger } from 'pino';
import type { DnsProvider } from './dns/DnsProvider.js';
import { Orchestrator } from './deploy/Orchestrator.js';
import { Syncer } from './deploy/Syncer.js';
import { fleetStatus } from './deploy/fleetStatus.js';
import { AgentPool } from './fleet/AgentPool.js';
import { Fleet } from './fleet/Fleet.js';
import { AgentTokens } from './fleet/AgentTokens.js';
import { verifyAgentAddress } from './fleet/verifyAgentAddress.js';
import { PendingNames } from './deploy/PendingNames.js';
import { certificateIssuer } from './server/certificateIssuer.js';
import { loadFleetCa } from './pki/FleetCa.js';
import { createMasterService } from './server/createMasterService.js';
import { MASTER_ERROR_MAPPINGS } from './server/errorStatus.js';
import type { DeployDeps } from './deploy/DeployDeps.js';
import { MasterStore } from './store/MasterStore.js';
import type { MasterConfig } from '@mcp/spec';

/** Everything a master needs, already loaded (main.ts maps the TOML onto this). */
export interface StartMasterOptions {
  config: MasterConfig;
  /** PEM contents of the files the config names. */
  pem: {
    tlsCert: string;
    tlsKey: string;
    caCert: string;
    caKey: string;
    signingKey: string;
    publicKey: string;
  };
  dns: DnsProvider;
  /** Default: pino to stderr at `info`. */
  logger?: Logger;
  /** How often the liveness state machine ticks. Default a tenth of the probe timeout, 10 ms–1 s. */
  tickMs?: number;
}

export interface RunningMaster {
  port: number;
  store: MasterStore;
  fleet: Fleet;
  orchestrator: Orchestrator;
  stop(): Promise<void>;
}

/**
 * Builds the master and listens. After start it probes every node it knows
 * (warm-up), then asks every agent for its services once and logs what it
 * finds (stale placements, orphans, unhealthy nodes), read-only.
 */
export async function startMaster(options: StartMasterOptions): Promise<RunningMaster> {
  const { config, pem } = options;
  const logger = options.logger ?? pino({ name: 'mcp-master' }, pino.destination(2));
  const store = new MasterStore(config.database.path);
  const agents = new AgentPool(
    pem.caCert,
    new AgentTokens({ signingKeyPem: pem.signingKey, issuer: config.auth.issuer }),
    config.zone,
  );
  const fleet = new Fleet({
    store,
    logger,
    allowlist: config.registration.allowedAgents,
    maxNodes: config.registration.maxNodes,
    bootstrap: config.nodes,
    thresholdMs: config.heartbeat.thresholdMs,
    probeTimeoutMs: config.heartbeat.probeTimeoutMs,
    warmUpMs: config.heartbeat.warmupMs,
    rateLimits: config.rateLimits,
    probe: (node, timeoutMs) => agents.probe(node, timeoutMs),
    onRegistered: (node) => agents.reconnect(node.name),
  });
  const deployDeps: DeployDeps = {
    store,
    fleet,
    agents,
    dns: options.dns,
    dnsManaged: config.dns.provider !== 'none',
    zone: config.zone,
    dnsTtl: config.dns.ttl,
    timeouts: config.timeouts,
    masterTakesWorkers: config.placement.masterTakesWorkers,
    allowedDomains: config.edge.allowedDomains,
    publicResolver: config.edge.publicResolver,
    logger,
    now: () => new Date(),
    pending: new PendingNames(),
  };
  const orchestrator = new Orchestrator(deployDeps);
  const syncer = new Syncer({ ...deployDeps, orchestrator });
  const ca = await loadFleetCa(pem.caCert, pem.caKey);

  const server = createServer()
    .use(errorBoundary({ daemon: 'mcp-master', mappings: MASTER_ERROR_MAPPINGS, logger }))
    .use(
      createAuthMiddleware({
        verifier: createTokenVerifier(
          { publicKey: pem.publicKey },
          { audience: MASTER_IDENTITY, issuer: config.auth.issuer },
        ),
        table: authorizationTable(),
        logger,
      }),
    );
  server.add(
    MasterServiceDefinition,
    createMasterService({
      store,
      fleet,
      agents,
      orchestrator,
      syncer,
      heartbeatIntervalMs: config.heartbeat.intervalMs,
      timeouts: config.timeouts,
      logger,
      issueCertificate: certificateIssuer({ ca, config, store, fleet, pending: deployDeps.pending }),
      verifyAgentAddress: (node, address) =>
        verifyAgentAddress(node, address, {
          caPem: pem.caCert,
          zone: config.zone,
          timeoutMs: config.heartbeat.probeTimeoutMs,
        }),
    }),
  );
  server.add(HealthDefinition, HealthServiceImpl());
  let port: number;
  try {
    port = await server.listen(
      config.server.listen,
      createServerCredentials({ cert: pem.tlsCert, key: pem.tlsKey }),
    );
  } catch (error) {
    store.close();
    throw listenFailure(config.server.listen, error);
  }
  const tickMs =
    options.tickMs ?? Math.min(1000, Math.max(10, Math.floor(config.heartbeat.probeTimeoutMs / 10)));
  fleet.start(tickMs);
  store.event(
    'startup',
    `master started on port ${port} with ${fleet.list().length} known nodes`,
    new Date(),
  );
  logger.info({ port, nodes: fleet.list().length }, 'master listening');

  // The start-up report: once the first probes had time to answer.
  const report = setTimeout(() => {
    void fleetStatus({ store, fleet, agents }, config.timeouts.statusMs).then(
      ({ findings }) => {
        for (const f of findings) {
          store.event('finding', f.message, new Date(), {
            node: f.node || undefined,
            service: f.service || undefined,
          });
          logger.warn({ node: f.node, service: f.service }, f.message);
        }
        logger.info({ findings: findings.length }, 'start-up report');
      },
      (error: unknown) => logger.warn({ err: (error as Error).message }, 'start-up report failed'),
    );
  }, config.heartbeat.probeTimeoutMs + tickMs);
  report.unref();

  return {
    port,
    store,
    fleet,
    orchestrator,
    async stop() {
      clearTimeout(report);
      fleet.stop();
      await server.shutdown();
      agents.close();
      store.close();
      logger.info('master stopped');
    },
  };
}
