import type { AgentContext } from './AgentContext.js';
import { proxyIds } from './names.js';

/**
 * Removes the 503 routes {@link removeRoutes} put in place of a stopped
 * service's routes, once it runs again. They come before the service's own
 * routes in Caddy's list, so one left behind would shadow a running service.
 *
 * @returns how many were removed.
 * @throws ProxyError when the proxy cannot be reached or refuses.
 */
export async function clearStoppedRoutes(
  ctx: AgentContext,
  service: string,
  routes: readonly { component: string; route: string }[],
): Promise<number> {
  const present = await ctx.proxy.listRouteIds();
  const ids = new Set(routes.map((r) => proxyIds.stoppedRoute(service, r.component, r.route)));
  const toRemove = [...ids].filter((id) => present.has(id));
  for (const id of toRemove) await ctx.proxy.removeRoute(id);
  return toRemove.length;
}
