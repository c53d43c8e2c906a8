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
  certificate: (hostname: string): string => `mcp-cert.${hostname}`,
};
