import type { RouteSpec } from './serviceTypes.js';

/**
 * The environment variable that carries a route's port to its container:
 * `PORT` for an unnamed route, `PORT_<NAME>` for a named one (uppercased,
 * `-` becomes `_`: route `admin-api` → `PORT_ADMIN_API`).
 */
export function routePortEnv(route: Pick<RouteSpec, 'name'>): string {
  return route.name === undefined ? 'PORT' : `PORT_${route.name.toUpperCase().replaceAll('-', '_')}`;
}

/** Whether an environment variable name is one MCP sets itself from the routes. */
export function isReservedEnv(name: string): boolean {
  return name === 'PORT' || name.startsWith('PORT_');
}
