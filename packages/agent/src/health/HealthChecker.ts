import type { HealthProbe } from '@mcp/reconcile';

/** One check of one container, on its host ports. */
export interface HealthTarget {
  /** The address its ports are published on. */
  host: string;
  /** Host ports of every route of the component; the first is the one `path` is asked on. */
  ports: readonly number[];
  /** HTTP path to GET; unset: every port accepting a TCP connection is healthy. */
  path?: string | undefined;
  /** The check's limit. */
  timeoutMs: number;
}

/** Checks a container's health the way `[components.health]` says. Never throws. */
export interface HealthChecker {
  check(target: HealthTarget): Promise<HealthProbe>;
}
