import type { HealthProbe } from '@mcp/reconcile';
import type { HealthChecker, HealthTarget } from '../../health/HealthChecker.js';

/**
 * A {@link HealthChecker} that answers healthy unless a port is marked sick or nothing serves
 * it (as a real check finds a stopped container's port refusing connections); records every
 * check.
 */
export class InMemoryHealth implements HealthChecker {
  /** Host ports that answer unhealthy. */
  readonly sick = new Set<number>();
  readonly checks: HealthTarget[] = [];

  /** @param serves whether something listens on a host port; default every port. */
  constructor(private readonly serves: (port: number) => boolean = () => true) {}

  check(target: HealthTarget): Promise<HealthProbe> {
    this.checks.push(target);
    const closed = target.ports.find((p) => !this.serves(p));
    if (closed !== undefined) {
      return Promise.resolve({ healthy: false, detail: `connect ${target.host}:${closed}: ECONNREFUSED` });
    }
    const bad = target.ports.find((p) => this.sick.has(p));
    return Promise.resolve(
      bad === undefined
        ? { healthy: true, detail: `${target.path ?? 'connect'}: ok` }
        : { healthy: false, detail: `${target.path ?? 'connect'} on ${bad}: 503` },
    );
  }
}
