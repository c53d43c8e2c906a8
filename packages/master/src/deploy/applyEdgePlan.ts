import type { StepResult } from '@mcp/proto';
import type { DeployPlan, RecordedEdgeRoute } from '@mcp/reconcile';
import { checkPublicDns } from './checkPublicDns.js';
import { describeCallError } from './describeCallError.js';
import { step, type DeployDeps } from './DeployDeps.js';

const RETRY = 'the service runs internally only; the next deploy or mcp sync retries';

/**
 * The edge steps of a deploy, one `edge_route` step per public hostname and
 * per route removed: sets each new or changed route up on its edge node
 * (which gets a certificate for the public name only while this runs),
 * records it, and removes routes the spec no longer has. A route that is
 * unchanged is set up again all the same (the edge keeps its certificate),
 * so a deploy also repairs an edge that lost it. A failure here leaves the
 * worker part deployed and says so.
 */
export async function applyEdgePlan(deps: DeployDeps, plan: DeployPlan): Promise<StepResult[]> {
  const { edge } = plan;
  if (edge.problem !== undefined) {
    return edge.desired.map((r) => step('edge_route', false, `${r.hostname}: ${edge.problem}; ${RETRY}`));
  }
  const steps: StepResult[] = [];
  const changing = new Map([
    ...edge.add.map((r): [string, RecordedEdgeRoute | undefined] => [r.hostname, undefined]),
    ...edge.update.map((u): [string, RecordedEdgeRoute | undefined] => [u.desired.hostname, u.actual]),
  ]);
  for (const route of edge.desired) {
    const changed = changing.has(route.hostname);
    steps.push(await setUp(deps, route, changed ? changing.get(route.hostname) : route, changed));
  }
  for (const route of edge.remove) steps.push(await removeEdgeRoute(deps, route));
  return steps;
}

async function setUp(
  deps: DeployDeps,
  route: RecordedEdgeRoute,
  previous: RecordedEdgeRoute | undefined,
  changed: boolean,
): Promise<StepResult> {
  const edge = deps.fleet.get(route.edgeNode);
  if (!edge)
    return step(
      'edge_route',
      false,
      `${route.hostname}: edge node ${route.edgeNode} is not registered; ${RETRY}`,
    );
  // The edge may get a certificate for this name only while the route is being set up, or once it is recorded.
  const release = deps.pending.hold(route.edgeNode, route.service, [route.hostname]);
  try {
    const reply = await deps.agents.client(edge).setupEdgeRoute(
      {
        hostname: route.hostname,
        backendHostname: route.backendHostname,
        backendPort: route.backendPort,
        backendTls: true,
        service: route.service,
      },
      { signal: AbortSignal.timeout(deps.timeouts.edgeRouteMs) },
    );
    deps.store.putEdgeRoute({
      ...route,
      backendAddress: reply.route?.backendAddress ?? '',
      certSerial: reply.route?.certSerial ?? '',
      certExpiresAt: reply.route?.certExpiresAt?.toISOString() ?? null,
    });
  } catch (error) {
    return step(
      'edge_route',
      false,
      `${route.hostname} on ${route.edgeNode}: ${describeCallError(error)}; ${RETRY}`,
    );
  } finally {
    release();
  }
  if (previous && previous.edgeNode !== route.edgeNode)
    await removeFromEdge(deps, previous).catch(() => undefined);
  const warning = await checkPublicDns(route.hostname, edge.address, deps.publicResolver);
  const detail = changed
    ? `https://${route.hostname} → ${route.backendHostname}:${route.backendPort} via ${route.edgeNode}`
    : `${route.hostname}: unchanged on ${route.edgeNode} (confirmed)`;
  return step('edge_route', true, '', warning ? `${detail}; warning: ${warning}` : detail);
}

/** Removes a route from its edge, then the record; the step says which failed. */
export async function removeEdgeRoute(deps: DeployDeps, route: RecordedEdgeRoute): Promise<StepResult> {
  try {
    await removeFromEdge(deps, route);
  } catch (error) {
    return step(
      'edge_route',
      false,
      `removing ${route.hostname} from ${route.edgeNode}: ${describeCallError(error)}`,
    );
  }
  deps.store.deleteEdgeRoute(route.hostname);
  return step('edge_route', true, '', `${route.hostname}: removed from ${route.edgeNode}`);
}

async function removeFromEdge(deps: DeployDeps, route: RecordedEdgeRoute): Promise<void> {
  const edge = deps.fleet.get(route.edgeNode);
  if (!edge) return;
  await deps.agents
    .client(edge)
    .removeEdgeRoute(
      { hostname: route.hostname },
      { signal: AbortSignal.timeout(deps.timeouts.edgeRouteMs) },
    );
}
