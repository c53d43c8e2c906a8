import {
  chooseEdgeNode,
  diffEdgeRoutes,
  EdgeError,
  validatePublicHostname,
  type EdgeRouteUpdate,
} from '@mcp/edge';
import { planRoutes, type ServiceSpec } from '@mcp/spec';
import type { DeployNode, PlacedService } from './planDeploy.js';

/** An edge route as the master records it. */
export interface RecordedEdgeRoute {
  readonly hostname: string;
  readonly service: string;
  readonly edgeNode: string;
  readonly backendHostname: string;
  readonly backendPort: number;
}

/** What a deploy does at the edge for the service's public routes. */
export interface EdgePlan {
  /** Every public route the service should have, where it should be. */
  readonly desired: readonly RecordedEdgeRoute[];
  readonly add: readonly RecordedEdgeRoute[];
  readonly update: readonly EdgeRouteUpdate<RecordedEdgeRoute, RecordedEdgeRoute>[];
  /** Routes the service had that its spec no longer has. */
  readonly remove: readonly RecordedEdgeRoute[];
  /** Why the routes cannot be set up now (no healthy edge, no proxy port); the worker part still deploys. */
  readonly problem: string | undefined;
}

/**
 * Checks a spec's public routes before anything is deployed: each public
 * hostname must be under the master's allowed domains (label match) and not
 * an internal name, and no other service may hold it (a recorded edge
 * route, or a public route of another placed spec). Returns the refusal,
 * or `undefined` when the spec may go ahead.
 */
export function publicHostnameRefusal(input: {
  readonly spec: ServiceSpec;
  readonly zone: string;
  readonly allowedDomains: readonly string[];
  readonly placements: readonly PlacedService[];
  readonly edgeRoutes: readonly RecordedEdgeRoute[];
}): string | undefined {
  const { spec, zone } = input;
  for (const route of planRoutes(spec, zone).filter((r) => r.public)) {
    const where = `public route ${route.publicHostname} of ${route.component}`;
    try {
      validatePublicHostname(route.publicHostname, input.allowedDomains, { zone });
    } catch (error) {
      if (!(error instanceof EdgeError)) throw error;
      return `${where}: ${error.message}`;
    }
    const held =
      input.edgeRoutes.find((r) => r.hostname === route.publicHostname && r.service !== spec.name)?.service ??
      input.placements.find(
        (p) =>
          p.service !== spec.name &&
          planRoutes(p.spec, zone).some((r) => r.public && r.publicHostname === route.publicHostname),
      )?.service;
    if (held !== undefined) return `${where}: ${route.publicHostname} is already served by service ${held}`;
  }
  return undefined;
}

/**
 * The edge part of a deploy of `spec` on `node`: each public route goes to a
 * healthy edge node (the one it is on, else `@mcp/edge`'s `chooseEdgeNode`),
 * forwarding to the internal name at the node's proxy port; compared with
 * the routes the master recorded for the service (`diffEdgeRoutes`).
 */
export function planEdgeRoutes(input: {
  readonly spec: ServiceSpec;
  readonly zone: string;
  readonly node: DeployNode;
  readonly nodes: readonly DeployNode[];
  readonly edgeRoutes: readonly RecordedEdgeRoute[];
}): EdgePlan {
  const { spec, zone, node } = input;
  const recorded = input.edgeRoutes.filter((r) => r.service === spec.name);
  const publicRoutes = planRoutes(spec, zone).filter((r) => r.public);
  const empty = { desired: [], add: [], update: [], remove: recorded, problem: undefined };
  if (publicRoutes.length === 0) return empty;
  let problem: string | undefined;
  let edgeNode = '';
  try {
    const current = recorded[0]?.edgeNode;
    const healthyEdge = input.nodes.find((n) => n.name === current && n.role === 'edge' && n.healthy);
    edgeNode = healthyEdge?.name ?? chooseEdgeNode(input.nodes).name;
  } catch (error) {
    if (!(error instanceof EdgeError)) throw error;
    problem = error.message;
  }
  if (problem === undefined && node.proxyPort === undefined) {
    problem = `${node.name} did not report the port its proxy serves routes on; restart its agent`;
  }
  const desired = publicRoutes.map((r) => ({
    hostname: r.publicHostname,
    service: spec.name,
    edgeNode,
    backendHostname: r.internalHostname,
    backendPort: node.proxyPort ?? 0,
  }));
  if (problem !== undefined) {
    const kept = new Set(desired.map((d) => d.hostname));
    return { desired, add: [], update: [], remove: recorded.filter((r) => !kept.has(r.hostname)), problem };
  }
  const diff = diffEdgeRoutes(desired, recorded);
  return { desired, add: diff.add, update: diff.update, remove: diff.remove, problem: undefined };
}

/** Whether the edge already is as the plan wants it. */
export function edgePlanIsEmpty(plan: EdgePlan): boolean {
  return plan.problem === undefined && plan.add.length + plan.update.length + plan.remove.length === 0;
}
