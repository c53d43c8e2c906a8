import type { PlannedRoute } from '@mcp/spec';
import type { ServiceState } from '../store/AgentStore.js';
import type { AgentContext } from './AgentContext.js';
import { proxyIds } from './names.js';

/** The `routes` step's outcome when stopping. */
export interface RemovedRoutes {
  changed: boolean;
  detail: string;
}

/** What a stopped service's names answer. */
export const STOPPED_STATUS = 503;

/**
 * Takes the service's routes out of the proxy before its containers stop:
 * those of the spec and those the previous record had. In their place each
 * L7 name answers 503 `service <name> is stopped`: its certificate stays
 * loaded (a start reuses it), and a name with a certificate but no route
 * would get Caddy's empty 200, which looks like a service that works. The
 * 503 routes are added first, so no request falls between the two. Not
 * undone on rollback: a service being stopped is not served again.
 *
 * @throws ProxyError when the proxy cannot be reached or refuses.
 */
export async function removeRoutes(
  ctx: AgentContext,
  service: string,
  routes: readonly PlannedRoute[],
  previous: ServiceState | undefined,
): Promise<RemovedRoutes> {
  const { proxy } = ctx;
  const stale = new Set(routes.map((r) => proxyIds.route(service, r.component, r.route)));
  for (const r of previous?.routes ?? []) {
    stale.add(proxyIds.route(service, r.component, r.route));
    stale.add(proxyIds.stoppedRoute(service, r.component, r.route));
  }
  const answering = routes
    .filter((r) => r.mode === 'l7')
    .map((r) => ({ id: proxyIds.stoppedRoute(service, r.component, r.route), hostname: r.internalHostname }));
  for (const { id } of answering) stale.delete(id);
  const present = await proxy.listRouteIds();
  const toAdd = answering.filter((r) => !present.has(r.id));
  if (toAdd.length) await proxy.ensureReady();
  for (const { id, hostname } of toAdd) {
    await proxy.upsertRoute({
      id,
      hostnames: [hostname],
      upstream: '',
      respond: { status: STOPPED_STATUS, body: `service ${service} is stopped\n` },
    });
  }
  const toRemove = [...stale].filter((id) => present.has(id));
  for (const id of toRemove) await proxy.removeRoute(id);
  const added = toAdd.length ? `, ${toAdd.length} answering ${STOPPED_STATUS}` : '';
  return { changed: toRemove.length + toAdd.length > 0, detail: `${toRemove.length} removed${added}` };
}
