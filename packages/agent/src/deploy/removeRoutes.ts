import type { PlannedRoute } from '@mcp/spec';
import type { ServiceState } from '../store/AgentStore.js';
import type { AgentContext } from './AgentContext.js';
import { proxyIds } from './names.js';

/** The `routes` step's outcome when stopping. */
export interface RemovedRoutes {
  changed: boolean;
  detail: string;
}

/**
 * Takes the service's routes out of the proxy before its containers stop:
 * those of the spec and those the previous record had. Not undone on
 * rollback: a service being stopped is not served again.
 *
 * @throws ProxyError when the proxy cannot be reached or refuses.
 */
export async function removeRoutes(
  ctx: AgentContext,
  service: string,
  routes: readonly PlannedRoute[],
  previous: ServiceState | undefined,
): Promise<RemovedRoutes> {
  const ids = new Set(routes.map((r) => proxyIds.route(service, r.component, r.route)));
  for (const r of previous?.routes ?? []) ids.add(proxyIds.route(service, r.component, r.route));
  const present = await ctx.proxy.listRouteIds();
  const toRemove = [...ids].filter((id) => present.has(id));
  for (const id of toRemove) await ctx.proxy.removeRoute(id);
  return { changed: toRemove.length > 0, detail: `${toRemove.length} removed` };
}
