import type { PlannedRoute } from '@mcp/spec';
import type { ProxyRoute } from '../proxy/ProxyDriver.js';
import type { AgentContext } from './AgentContext.js';
import { portKey, proxyIds, type HostPorts } from './names.js';

/**
 * The node proxy's route for one of a service's routes: TLS for its
 * internal name, forwarded to its host port on the bind address.
 *
 * @throws Error when `ports` has no host port for the route (a caller's bug).
 */
export function proxyRouteFor(
  ctx: Pick<AgentContext, 'bindAddress'>,
  service: string,
  route: PlannedRoute,
  ports: HostPorts,
): ProxyRoute {
  const port = ports.get(portKey(route));
  if (port === undefined) throw new Error(`no host port for ${service} ${portKey(route)}`);
  const host = ctx.bindAddress;
  return {
    id: proxyIds.route(service, route.component, route.route),
    hostnames: [route.internalHostname],
    upstream: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
  };
}

/**
 * Points each route the proxy has at its host port in `ports`, one change
 * per route (a request in flight on the old upstream finishes there). A
 * route the proxy lacks is left to {@link applyRoutes}, which adds it.
 *
 * @returns how many routes were pointed.
 * @throws ProxyError when the proxy cannot be reached or refuses.
 */
export async function pointRoutes(
  ctx: AgentContext,
  service: string,
  routes: readonly PlannedRoute[],
  ports: HostPorts,
): Promise<number> {
  let pointed = 0;
  for (const route of routes) {
    if (await ctx.proxy.replaceRoute(proxyRouteFor(ctx, service, route, ports))) pointed++;
  }
  return pointed;
}
