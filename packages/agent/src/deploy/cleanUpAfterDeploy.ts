import type { PlannedRoute, ServiceSpec } from '@mcp/spec';
import type { ServiceState, SwitchRecord } from '../store/AgentStore.js';
import type { AgentContext } from './AgentContext.js';
import { clearStoppedRoutes } from './clearStoppedRoutes.js';
import { retireContainers } from './retireContainers.js';
import { messageOf } from './StepLog.js';
import { portKey, proxyIds } from './names.js';

/** What a successful deploy leaves to remove. */
export interface Leftovers {
  spec: ServiceSpec;
  routes: readonly PlannedRoute[];
  /** The record before this deploy; unset for a first deploy. */
  previous: ServiceState | undefined;
  /** Old containers parked by {@link applyContainers}. */
  parked: readonly string[];
  /** Old containers a rolling switch took the routes from; they drain first. */
  retired: SwitchRecord['containers'];
  /** Whether the service now runs. */
  running: boolean;
}

/**
 * After a deploy succeeded: removes the parked old containers, drains and
 * removes those a rolling switch retired (their successors take their
 * names), removes the 503
 * routes of a service that was stopped and now runs, then what the
 * previous record had and the new spec does not: routes (and their host
 * ports), certificates for names no route has any more, and the containers
 * of removed components. A failure to remove something from the proxy or
 * the runtime does not fail the deploy; it is returned, for the `cleanup`
 * step.
 *
 * @returns one message per thing that could not be removed; empty when all went.
 * @throws Error when a certificate's files or record cannot be removed.
 */
export async function cleanUpAfterDeploy(ctx: AgentContext, leftovers: Leftovers): Promise<string[]> {
  const { runtime, proxy, store, certs } = ctx;
  const { spec, routes, previous, parked, running } = leftovers;
  const service = spec.name;
  const problems: string[] = [];
  const report = (error: unknown) => problems.push(messageOf(error));
  for (const name of parked) await runtime.remove(name).catch(report);
  const retiring = new Set(leftovers.retired.map((c) => c.component));
  const drainMs = Math.max(
    0,
    ...spec.components.filter((c) => retiring.has(c.name)).map((c) => c.health.drain),
  );
  problems.push(...(await retireContainers(ctx, service, leftovers.retired, drainMs)));
  // Started again: the 503 routes a stop put in give the names back to the service.
  if (running) await clearStoppedRoutes(ctx, service, [...routes, ...(previous?.routes ?? [])]).catch(report);
  if (!previous) return problems;
  const keep = new Set(routes.map(portKey));
  const keepHosts = new Set(routes.map((r) => r.internalHostname));
  const keepComponents = new Set(spec.components.map((c) => c.name));
  for (const route of previous.routes.filter((r) => !keep.has(portKey(r)))) {
    await proxy.removeRoute(proxyIds.route(service, route.component, route.route)).catch(report);
    store.releasePort(service, route.component, route.route);
  }
  for (const cert of store.listCertificates(service).filter((c) => !keepHosts.has(c.hostname))) {
    await proxy.removeCertificate(proxyIds.certificate(cert.hostname)).catch(report);
    await certs.remove(cert.hostname);
  }
  for (const component of previous.components.filter((c) => !keepComponents.has(c.name))) {
    await runtime.remove(component.containerName).catch(report);
  }
  return problems;
}
