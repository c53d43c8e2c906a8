import { requireNodeIdentity, type AuthContext } from '@mcp/auth';
import type { MasterServiceImplementation } from '@mcp/proto';
import { readStoredSpec, specToProto } from '@mcp/spec';
import type { Logger } from 'pino';
import { edgeStatus } from '../deploy/edgeStatus.js';
import { fleetStatus } from '../deploy/fleetStatus.js';
import type { Orchestrator } from '../deploy/Orchestrator.js';
import { syncEntryToProto, type Syncer } from '../deploy/Syncer.js';
import type { AgentPool } from '../fleet/AgentPool.js';
import type { Fleet } from '../fleet/Fleet.js';
import type { MasterStore } from '../store/MasterStore.js';
import { parseSpec, parseSpecs } from './parseSpecs.js';
import { streamSteps } from './streamSteps.js';
import { toNodeInfo } from './toNodeInfo.js';

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
  /** Resolves once `address` has answered as `node`'s agent; throws AgentIdentityError otherwise. */
  verifyAgentAddress(node: string, address: string): Promise<void>;
  heartbeatIntervalMs: number;
  timeouts: { statusMs: number; healthCheckMs: number };
  logger: Logger;
}

/**
 * The MasterService handlers. Who may call what is the auth middleware's
 * job; how errors reach callers is the error boundary's. Here the agent
 * RPCs also check that the node named in the request is the caller's own.
 */
export function createMasterService(deps: MasterServiceDeps): MasterServiceImplementation<AuthContext> {
  const { fleet, orchestrator, syncer } = deps;
  return {
    async *deploy(request, context) {
      const spec = parseSpec(request.spec);
      const by = context.identity.sub;
      yield* streamSteps((onStep) => orchestrator.deploy(spec, onStep, undefined, { by }));
    },
    history: ({ service }) =>
      Promise.resolve({
        revisions: orchestrator.history(service).map((r) => ({
          revision: r.revision,
          spec: specToProto(readStoredSpec(r.specJson, `revision ${r.revision} of service ${service}`)),
          deployedAt: new Date(r.deployedAt),
          deployedBy: r.deployedBy,
          note: r.note,
        })),
      }),
    async *rollback({ service, toRevision }, context) {
      const by = context.identity.sub;
      let revision = 0;
      const events = streamSteps(async (onStep) => {
        const outcome = await orchestrator.rollback(service, toRevision || undefined, onStep, { by });
        revision = outcome.revision;
        return outcome;
      });
      for await (const event of events) yield 'result' in event ? { ...event, revision } : event;
    },
    undeploy: ({ service }) => orchestrator.undeploy(service),
    stop: ({ service }) => orchestrator.lifecycle('stop', service),
    start: ({ service }) => orchestrator.lifecycle('start', service),
    restart: ({ service }) => orchestrator.lifecycle('restart', service),
    status: ({ service }) => fleetStatus(deps, deps.timeouts.statusMs, service || undefined),
    async sync({ specs: messages, dryRun }) {
      const specs = parseSpecs(messages);
      const plan = syncer.plan(specs);
      return { plan: plan.map(syncEntryToProto), results: dryRun ? [] : await syncer.apply(specs, plan) };
    },
    listNodes: () => Promise.resolve({ nodes: fleet.list().map(toNodeInfo) }),
    listEdgeRoutes: () =>
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
          backendAddress: r.backendAddress,
          backendReachable: false,
          backendProblem: '',
        })),
      }),
    edgeStatus: async () => ({ edges: await edgeStatus(deps, deps.timeouts.healthCheckMs) }),
    expectRestart: ({ node, withinSeconds, reason }, context) =>
      Promise.resolve({
        node: toNodeInfo(
          fleet.expectRestart({ node, withinMs: withinSeconds * 1000, reason, by: context.identity.sub }),
        ),
      }),
    async register(request, context) {
      requireNodeIdentity(context.identity, request.name);
      const { warnings } = await fleet.register(
        request,
        context.identity.sub,
        () => deps.verifyAgentAddress(request.name, request.address),
        request.agentInstanceId,
      );
      const ms = deps.heartbeatIntervalMs;
      return {
        heartbeatInterval: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
        warnings,
      };
    },
    heartbeat(request, context) {
      requireNodeIdentity(context.identity, request.name);
      return Promise.resolve({
        receivedAt: fleet.heartbeat(request.name, context.identity.sub, request.resources, {
          instanceId: request.agentInstanceId,
          problems: request.problems,
        }),
      });
    },
    async issueCertificate(request, context) {
      requireNodeIdentity(context.identity, request.name);
      const issued = await deps.issueCertificate(request.name, request.csrPem);
      deps.logger.info({ node: request.name, serial: issued.serial }, 'certificate issued');
      return { certificateChainPem: issued.chainPem, serial: issued.serial, notAfter: issued.notAfter };
    },
  };
}
