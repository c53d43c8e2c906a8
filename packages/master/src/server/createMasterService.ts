import { requireNodeIdentity, type AuthContext } from '@mcp/auth';
import { HealthStatus, type MasterServiceImplementation, type StepResult } from '@mcp/proto';
import type { Logger } from 'pino';
import type { Orchestrator } from '../deploy/Orchestrator.js';
import { edgeStatus } from '../deploy/edgeStatus.js';
import { fleetStatus } from '../deploy/fleetStatus.js';
import type { Syncer } from '../deploy/Syncer.js';
import type { AgentPool } from '../fleet/AgentPool.js';
import type { Fleet } from '../fleet/Fleet.js';
import type { MasterStore } from '../store/MasterStore.js';
import { parseSpec, parseSpecs } from './parseSpecs.js';
import { toNodeInfo } from './toNodeInfo.js';
import { guarded, toServerError } from './toServerError.js';

export interface MasterServiceDeps {
  store: MasterStore;
  fleet: Fleet;
  agents: AgentPool;
  orchestrator: Orchestrator;
  syncer: Syncer;
  /** Signs an agent's CSR under the policy for its node; throws PkiError. */
  issueCertificate(
    node: string,
    csrPem: string,
  ): Promise<{ chainPem: string; serial: string; notAfter: Date }>;
  heartbeatIntervalMs: number;
  timeouts: { statusMs: number; healthCheckMs: number };
  logger: Logger;
}

/**
 * The MasterService handlers. Authorization (who may call what) is done by
 * the middleware; here the agent RPCs also check that the node named in the
 * request is the caller's own.
 */
export function createMasterService(deps: MasterServiceDeps): MasterServiceImplementation<AuthContext> {
  const { fleet, orchestrator, syncer } = deps;
  return {
    async *deploy(request) {
      let spec;
      try {
        spec = parseSpec(request.spec);
      } catch (error) {
        throw toServerError(error);
      }
      const queue: StepResult[] = [];
      let wake: (() => void) | undefined;
      let done = false;
      const running = orchestrator
        .deploy(spec, (s) => {
          queue.push(s);
          wake?.();
        })
        .finally(() => {
          done = true;
          wake?.();
        });
      for (;;) {
        while (queue.length) yield { step: queue.shift()! };
        if (done) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      const outcome = await running.catch((error: unknown) => {
        throw toServerError(error);
      });
      yield { result: outcome };
    },
    undeploy: guarded(({ service }) => orchestrator.undeploy(service)),
    stop: guarded(({ service }) => orchestrator.lifecycle('stop', service)),
    start: guarded(({ service }) => orchestrator.lifecycle('start', service)),
    restart: guarded(({ service }) => orchestrator.lifecycle('restart', service)),
    status: guarded(({ service }) => fleetStatus(deps, deps.timeouts.statusMs, service || undefined)),
    sync: guarded(async ({ specs: messages, dryRun }) => {
      const specs = parseSpecs(messages);
      const plan = syncer.plan(specs);
      return { plan, results: dryRun ? [] : await syncer.apply(specs, plan) };
    }),
    listNodes: guarded(async () => {
      const nodes = fleet.list();
      const live = await Promise.all(
        nodes.map(async (n) => {
          try {
            const reply = await deps.agents
              .client(n.record.address)
              .healthCheck({}, { signal: AbortSignal.timeout(deps.timeouts.healthCheckMs) });
            return {
              answered: reply.status !== HealthStatus.HEALTH_STATUS_UNSPECIFIED,
              containers: reply.containers,
            };
          } catch {
            return { answered: false };
          }
        }),
      );
      return { nodes: nodes.map((n, i) => toNodeInfo(n, live[i]!)) };
    }),
    listEdgeRoutes: guarded(() =>
      Promise.resolve({
        routes: deps.store.listEdgeRoutes().map((r) => ({
          hostname: r.hostname,
          backendHostname: r.backendHostname,
          backendPort: r.backendPort,
          backendTls: true,
          edgeNode: r.edgeNode,
          certSerial: r.certSerial,
          certExpiresAt: r.certExpiresAt ? new Date(r.certExpiresAt) : undefined,
          service: r.service,
        })),
      }),
    ),
    edgeStatus: guarded(async () => ({ edges: await edgeStatus(deps, deps.timeouts.healthCheckMs) })),
    register: guarded((request, context) => {
      requireNodeIdentity(context.identity, request.name);
      const { warnings } = fleet.register(request, context.identity.sub);
      const ms = deps.heartbeatIntervalMs;
      return Promise.resolve({
        heartbeatInterval: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
        warnings,
      });
    }),
    heartbeat: guarded((request, context) => {
      requireNodeIdentity(context.identity, request.name);
      return Promise.resolve({
        receivedAt: fleet.heartbeat(request.name, context.identity.sub, request.resources),
      });
    }),
    issueCertificate: guarded(async (request, context) => {
      requireNodeIdentity(context.identity, request.name);
      const issued = await deps.issueCertificate(request.name, request.csrPem);
      deps.logger.info({ node: request.name, serial: issued.serial }, 'certificate issued');
      return { certificateChainPem: issued.chainPem, serial: issued.serial, notAfter: issued.notAfter };
    }),
  };
}
