import type { HealthProbe } from '@mcp/reconcile';
import type { HealthChecker, HealthTarget } from '../../health/HealthChecker.js';

/** A {@link HealthChecker} that answers healthy unless a port is marked sick; records every check. */
export class InMemoryHealth implements HealthChecker {
  /** Host ports that answer unhealthy. */
  readonly sick = new Set<number>();
  readonly checks: HealthTarget[] = [];

  check(target: HealthTarget): Promise<HealthProbe> {
    this.checks.push(target);
    const bad = target.ports.find((p) => this.sick.has(p));
    return Promise.resolve(
      bad === undefined
        ? { healthy: true, detail: `${target.path ?? 'connect'}: ok` }
        : { healthy: false, detail: `${target.path ?? 'connect'} on ${bad}: 503` },
    );
  }
}
