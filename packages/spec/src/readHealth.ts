import { duration, durationOrZero } from './commonFields.js';
import { matching } from './fieldTypes.js';
import type { HealthSpec } from './serviceTypes.js';
import type { TableReader } from './TableReader.js';

/** The defaults of `[components.health]`, in milliseconds. */
export const HEALTH_DEFAULTS = { interval: 1000, timeout: 5000, deadline: 30_000, drain: 30_000 } as const;

// An origin-form request target: what goes after the host in a GET.
const PATH = /^\/[!-~]*$/;

/**
 * Reads one `[components.health]` table (an unset one reads as empty, so
 * every default applies). `hasRoutes` is whether the component has any: the
 * check goes to a route port, so a `path` without a route is refused.
 */
export function readHealth(table: TableReader, hasRoutes: boolean): HealthSpec | undefined {
  const health = {
    path: table.optional(
      'path',
      matching((text) => PATH.test(text), 'must be an absolute HTTP path such as "/healthz" (no spaces)'),
    ),
    interval: table.withDefault('interval', duration, HEALTH_DEFAULTS.interval),
    deadline: table.withDefault('deadline', duration, HEALTH_DEFAULTS.deadline),
    drain: table.withDefault('drain', durationOrZero, HEALTH_DEFAULTS.drain),
  };
  // A short deadline shortens the default timeout with it.
  const timeout = table.withDefault('timeout', duration, Math.min(HEALTH_DEFAULTS.timeout, health.deadline));
  if (health.path !== undefined && !hasRoutes) {
    table.report("needs a route: the check is a GET to the component's first route port", 'path');
  }
  if (timeout > health.deadline) {
    table.report(`must not be longer than deadline (${health.deadline} ms)`, 'timeout');
  }
  return table.finish<HealthSpec>({ ...health, timeout });
}
