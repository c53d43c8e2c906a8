import { dnsLabel } from './commonFields.js';
import { formatPath } from './fieldPath.js';
import { boolean, oneOf } from './fieldTypes.js';
import { readComponent } from './readComponent.js';
import type { ComponentSpec, ServiceSpec, Strategy, Tier } from './serviceTypes.js';
import type { TableReader } from './TableReader.js';

const TIERS: readonly Tier[] = ['core', 'worker'];
const STRATEGIES: readonly Strategy[] = ['rolling', 'recreate'];

/**
 * Reads a service definition (the root table of a service file, or a proto
 * message turned into one). With `expectedName`, the service name must
 * equal it: the file name is how `mcp deploy <name>` finds the file.
 */
export function readServiceSpec(table: TableReader, expectedName?: string): ServiceSpec | undefined {
  const spec = {
    name: table.required('name', dnsLabel),
    active: table.withDefault('active', boolean, true),
    tier: table.withDefault('tier', oneOf(TIERS), 'worker'),
    node: table.optional('node', dnsLabel),
    strategy: table.withDefault('strategy', oneOf(STRATEGIES), 'rolling'),
    components: table.list('components', readComponent),
  };
  if (expectedName !== undefined && spec.name !== undefined && spec.name !== expectedName) {
    table.report(
      `must match the file name "${expectedName}" (mcp finds a service by its file name), got "${spec.name}"`,
      'name',
    );
  }
  if (spec.components === undefined || spec.components.length === 0) {
    table.report('at least one component is required', 'components');
  }
  checkComponentNames(table, spec.components ?? []);
  checkPublicHostnames(table, spec.components ?? []);
  const components = spec.components?.filter((component) => component !== undefined);
  return table.finish<ServiceSpec>({ ...spec, components });
}

function checkComponentNames(table: TableReader, components: readonly (ComponentSpec | undefined)[]): void {
  const seen = new Map<string, number>();
  components.forEach((component, index) => {
    if (component === undefined) return;
    const first = seen.get(component.name);
    if (first === undefined) seen.set(component.name, index);
    else
      table.report(
        `duplicate component name "${component.name}" (also components[${first}])`,
        'components',
        index,
        'name',
      );
  });
}

/** Two public routes of one service cannot claim the same public hostname. */
function checkPublicHostnames(table: TableReader, components: readonly (ComponentSpec | undefined)[]): void {
  const seen = new Map<string, string>();
  components.forEach((component, c) =>
    component?.routes.forEach((route, r) => {
      if (!route.public || route.hostname === undefined) return;
      const first = seen.get(route.hostname);
      const at = ['components', c, 'routes', r] as const;
      if (first === undefined) seen.set(route.hostname, formatPath(at));
      else table.report(`"${route.hostname}" is already the hostname of ${first}`, ...at, 'hostname');
    }),
  );
}
