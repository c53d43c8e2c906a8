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
  /** Counts forgets; see {@link mark}. */
  private forgets = 0;
  /** When (in forgets) each component, or each service as `<service>/`, was last forgotten. */
  private readonly forgottenAt = new Map<string, number>();

  /**
   * Records a check. With `since` (a {@link mark} taken before the check
   * began), a check of a component forgotten meanwhile (restarted, switched,
   * undeployed) is dropped: it saw what is no longer there.
   */
  record(service: string, component: string, probe: HealthProbe, at: Date, since?: number): void {
    if (since !== undefined) {
      const forgotten = Math.max(
        this.forgottenAt.get(key(service, component)) ?? 0,
        this.forgottenAt.get(`${service}/`) ?? 0,
      );
      if (forgotten > since) return;
    }
    this.checks.set(key(service, component), { ...probe, at });
  }

  get(service: string, component: string): LastCheck | undefined {
    return this.checks.get(key(service, component));
  }

  /** Now, for a later {@link record}'s `since`. */
  mark(): number {
    return this.forgets;
  }

  /**
   * Forgets a service's components (undeploy), or one (its container was just started: a check
   * from before says nothing about it now).
   */
  forget(service: string, component?: string): void {
    this.forgets++;
    if (component !== undefined) {
      this.forgottenAt.set(key(service, component), this.forgets);
      this.checks.delete(key(service, component));
      return;
    }
    this.forgottenAt.set(`${service}/`, this.forgets);
    for (const k of this.checks.keys()) if (k.startsWith(`${service}/`)) this.checks.delete(k);
  }
}

function key(service: string, component: string): string {
  return `${service}/${component}`;
}
