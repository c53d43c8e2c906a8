import { planRoutes, type ServiceSpec } from '@mcp/spec';

/** Every internal name a service's routes are served under, sorted, without duplicates. */
export function internalNames(spec: Pick<ServiceSpec, 'components'>, zone: string): string[] {
  return [...new Set(planRoutes(spec, zone).map((route) => route.internalHostname))].sort();
}
