/** Container name of a component: `mcp-<service>-<component>`. */
export function containerName(service: string, component: string): string {
  return `mcp-${service}-${component}`;
}

/**
 * Proxy ids, stable per route and per certificate. Dots separate the parts
 * because DNS labels cannot contain them, so two services never share an id.
 */
export const proxyIds = {
  route: (service: string, component: string, route: string): string =>
    `mcp-route.${service}.${component}${route ? `.${route}` : ''}`,
  /** The route that answers 503 for a stopped service's route. */
  stoppedRoute: (service: string, component: string, route: string): string =>
    `mcp-stopped.${service}.${component}${route ? `.${route}` : ''}`,
  certificate: (hostname: string): string => `mcp-cert.${hostname}`,
  /** An edge route, by its public hostname. */
  edgeRoute: (hostname: string): string => `mcp-edge.${hostname}`,
};

/**
 * The key a route's host port is held under, `<component>/<route>`: the same
 * key `AgentStore.portsOf` uses.
 */
export function portKey(route: { component: string; route: string }): string {
  return `${route.component}/${route.route}`;
}

/** Host ports of a service's routes, keyed by {@link portKey}. */
export type HostPorts = ReadonlyMap<string, number>;
