import { HealthStatus, type AgentServiceImplementation } from '@mcp/proto';
import { isDnsLabel } from '@mcp/names';
import { specFromProto } from '@mcp/spec';
import { ServerError, Status } from 'nice-grpc';
import type { AgentContext } from '../deploy/AgentContext.js';
import type { Deployer } from '../deploy/Deployer.js';
import { inspectServices } from '../deploy/inspectServices.js';
import type { Lifecycle } from '../deploy/Lifecycle.js';
import { checkAgentHealth } from './checkAgentHealth.js';
import { serviceStatusToProto } from './toProto.js';

/** What the agent's RPCs drive. */
export interface AgentServiceDeps {
  ctx: AgentContext;
  deployer: Deployer;
  lifecycle: Lifecycle;
  /** Reported by HealthCheck. */
  version: string;
  /** Edge RPCs, on edge nodes; absent → UNIMPLEMENTED. */
  edge?:
    Pick<AgentServiceImplementation, 'setupEdgeRoute' | 'removeEdgeRoute' | 'listEdgeRoutes'> | undefined;
}

/**
 * The AgentService handlers: validate, run the operation, answer in proto.
 * Authorization happens before these, in @mcp/auth's middleware.
 */
export function createAgentService(deps: AgentServiceDeps): AgentServiceImplementation {
  const { ctx, deployer, lifecycle } = deps;

  const serviceName = (name: string): string => {
    if (!isDnsLabel(name)) {
      throw new ServerError(
        Status.INVALID_ARGUMENT,
        `service: must be a DNS label (a-z, 0-9, -), got ${JSON.stringify(name)}`,
      );
    }
    return name;
  };
  const found = <T>(service: string, outcome: T | undefined): T => {
    if (outcome === undefined)
      throw new ServerError(Status.NOT_FOUND, `service ${service} is not deployed on ${ctx.nodeName}`);
    return outcome;
  };
  const unimplemented = (): never => {
    throw new ServerError(Status.UNIMPLEMENTED, `${ctx.nodeName} is not an edge node`);
  };

  return {
    deploy: async (request) => {
      if (!request.spec) throw new ServerError(Status.INVALID_ARGUMENT, 'spec: required');
      if (ctx.role === 'edge') {
        throw new ServerError(
          Status.FAILED_PRECONDITION,
          `${ctx.nodeName} is an edge node; edge nodes never host containers`,
        );
      }
      const spec = specFromProto(request.spec);
      if (spec.node !== undefined && spec.node !== ctx.nodeName) {
        throw new ServerError(
          Status.FAILED_PRECONDITION,
          `service ${spec.name} is pinned to ${spec.node}; this is ${ctx.nodeName}, which never runs work meant for another node`,
        );
      }
      spec.components.forEach((component, i) =>
        component.routes.forEach((route, j) => {
          if (!ctx.proxy.supports(route.mode)) {
            throw new ServerError(
              Status.INVALID_ARGUMENT,
              `components[${i}].routes[${j}].mode: the Caddy proxy driver does not support ${route.mode} routes (Caddy cannot pass TLS through); use l7`,
            );
          }
        }),
      );
      const outcome = await deployer.deploy(spec);
      const [view] = await inspectServices(ctx, spec.name);
      return {
        steps: outcome.steps,
        changed: outcome.changed,
        status: view ? serviceStatusToProto(view, ctx.nodeName) : undefined,
      };
    },
    undeploy: async ({ service }) => found(service, await lifecycle.undeploy(serviceName(service))),
    stop: async ({ service }) => found(service, await deployer.setRunning(serviceName(service), false)),
    start: async ({ service }) => found(service, await deployer.setRunning(serviceName(service), true)),
    restart: async ({ service }) => found(service, await lifecycle.restart(serviceName(service))),
    status: async ({ service }) => {
      if (service) serviceName(service);
      const views = await inspectServices(ctx, service || undefined);
      if (service && views.length === 0) found(service, undefined);
      return { node: ctx.nodeName, services: views.map((v) => serviceStatusToProto(v, ctx.nodeName)) };
    },
    healthCheck: async () => {
      const { containers, problems } = await checkAgentHealth(ctx);
      return {
        status: problems.length ? HealthStatus.HEALTH_STATUS_DEGRADED : HealthStatus.HEALTH_STATUS_HEALTHY,
        containers,
        agentVersion: deps.version,
        problems,
      };
    },
    setupEdgeRoute: deps.edge?.setupEdgeRoute ?? unimplemented,
    removeEdgeRoute: deps.edge?.removeEdgeRoute ?? unimplemented,
    listEdgeRoutes: deps.edge?.listEdgeRoutes ?? unimplemented,
  };
}
