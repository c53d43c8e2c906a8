import type { HealthProbe } from '@mcp/reconcile';

/** A component's health as its last check saw it. */
export interface LastCheck extends HealthProbe {
  at: Date;
}

/**
 * The last health check of each component, in memory (a restarted agent
 * knows again after its monitor's first tick). Keyed by service and
 * component, not container name: a rolling switch's successor takes the
 * component over under a temporary name.
 */
export class HealthBook {
  private readonly checks = new Map<string, LastCheck>();

  record(service: string, component: string, probe: HealthProbe, at: Date): void {
    this.checks.set(key(service, component), { ...probe, at });
  }

  get(service: string, component: string): LastCheck | undefined {
    return this.checks.get(key(service, component));
  }

  /**
   * Forgets a service's components (undeploy), or one (its container was just started: a check
   * from before says nothing about it now).
   */
  forget(service: string, component?: string): void {
    if (component !== undefined) {
      this.checks.delete(key(service, component));
      return;
    }
    for (const k of this.checks.keys()) if (k.startsWith(`${service}/`)) this.checks.delete(k);
  }
}

function key(service: string, component: string): string {
  return `${service}/${component}`;
}
