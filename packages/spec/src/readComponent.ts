import { checkImage } from './checkImage.js';
import { checkVolume } from './checkVolume.js';
import { dnsLabel } from './commonFields.js';
import { arrayOf, checked, matching, quoteList, string, stringMap } from './fieldTypes.js';
import { readHealth } from './readHealth.js';
import { readRoute } from './readRoute.js';
import { isReservedEnv } from './routePortEnv.js';
import type { ComponentSpec, RestartPolicy, RouteSpec } from './serviceTypes.js';
import type { TableReader } from './TableReader.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
const NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;
const RESTART = /^(?:no|always|on-failure(?::[1-9]\d*)?|unless-stopped)$/;
const RESTART_FORMAT = `must be ${quoteList(['no', 'always', 'on-failure', 'on-failure:N', 'unless-stopped'])}`;

function checkEnvName(name: string): string | undefined {
  if (!ENV_NAME.test(name)) return 'is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)';
  if (isReservedEnv(name)) return 'is set by MCP from the routes (PORT, PORT_<NAME>) and cannot be set here';
  return undefined;
}

/** Reads one `[[components]]` table, with its routes. */
export function readComponent(table: TableReader): ComponentSpec | undefined {
  const component = {
    name: table.required('name', dnsLabel),
    image: table.required('image', checked(checkImage)),
    volumes: table.withDefault('volumes', arrayOf(checked(checkVolume)), []),
    cmd: table.withDefault('cmd', arrayOf(string), []),
    env: table.withDefault('env', stringMap(checkEnvName), {}),
    user: table.optional(
      'user',
      matching((text) => USER.test(text), 'must be "uid[:gid]" or "user[:group]"'),
    ),
    restart: table.withDefault(
      'restart',
      matching((text) => RESTART.test(text), RESTART_FORMAT),
      'unless-stopped',
    ) as RestartPolicy,
    network: table.optional(
      'network',
      matching((text) => NETWORK.test(text), 'must be a podman network name'),
    ),
    routes: table.list('routes', readRoute) ?? [],
  };
  const hasRoutes = component.routes.length > 0;
  const health = table.section('health', (t) => readHealth(t, hasRoutes));
  checkRouteNames(table, component.routes);
  return table.finish<ComponentSpec>({
    ...component,
    health,
    routes: component.routes.filter((route) => route !== undefined),
  });
}

/** More than one route: each needs a name, and names are unique (they become PORT_<NAME>). */
function checkRouteNames(table: TableReader, routes: readonly (RouteSpec | undefined)[]): void {
  const seen = new Map<string, number>();
  routes.forEach((route, index) => {
    if (route === undefined) return;
    if (route.name === undefined) {
      if (routes.length > 1)
        table.report('is required when a component has more than one route', 'routes', index, 'name');
      return;
    }
    const first = seen.get(route.name);
    if (first === undefined) seen.set(route.name, index);
    else
      table.report(`duplicate route name "${route.name}" (also routes[${first}])`, 'routes', index, 'name');
  });
}
