import { routePortEnv } from './routePortEnv.js';
import type { ServiceSpec } from './serviceTypes.js';

/** A route with everything the agent derives for it. */
export interface PlannedRoute {
  component: string;
  /** Empty for a component's single unnamed route. */
  route: string;
  port: number;
  mode: 'l4' | 'l7';
  public: boolean;
  /** The public hostname, for the edge; empty when not public. */
  publicHostname: string;
  /**
   * The name the node proxy serves: `<component>.svc.mcp.<zone>` for a
   * component's only route, `<route>.<component>.svc.mcp.<zone>` when it has
   * several (one proxy listener can only tell routes apart by name).
   */
  internalHostname: string;
  /** `PORT` or `PORT_<NAME>`: where the container finds its port. */
  envName: string;
}

/**
 * Derives every route of `spec` with its internal hostname and env name:
 * what the agent serves and the master registers in DNS.
 */
export function planRoutes(spec: Pick<ServiceSpec, 'components'>, zone: string): PlannedRoute[] {
  return spec.components.flatMap((component) =>
    component.routes.map((route) => {
      const name = route.name ?? '';
      const base = `${component.name}.svc.mcp.${zone}`;
      return {
        component: component.name,
        route: name,
        port: route.port,
        mode: route.mode,
        public: route.public,
        publicHostname: route.hostname ?? '',
        internalHostname: component.routes.length > 1 ? `${name}.${base}` : base,
        envName: routePortEnv(route),
      };
    }),
  );
}
