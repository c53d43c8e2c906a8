/** One health check's result, as the agent saw it. */
export interface HealthProbe {
  healthy: boolean;
  /** What the check saw, for people: `GET /healthz: 200`, `connect 127.0.0.1:20001: ECONNREFUSED`. */
  detail: string;
}

/** What a new container's health checks amount to so far. */
export interface HealthInput {
  /** The latest check; unset before the first. */
  probe: HealthProbe | undefined;
  /** The runtime's state word for the container: `running`, `exited`, ... */
  containerState: string;
  /** Milliseconds since the container was started. */
  elapsedMs: number;
  /** The component's `health.deadline`. */
  deadlineMs: number;
}

/** `healthy`: switch to it; `waiting`: check again after the interval; `failed`: remove it. */
export type HealthVerdict =
  | { verdict: 'healthy'; detail: string }
  | { verdict: 'waiting'; detail: string }
  | { verdict: 'failed'; detail: string };

/**
 * Whether a new container may take over, must be waited for, or has failed:
 * a container that is not running has failed whatever its last check said;
 * a healthy check passes; past the deadline without one fails, with the
 * last check's detail.
 */
export function judgeHealth({ probe, containerState, elapsedMs, deadlineMs }: HealthInput): HealthVerdict {
  const last = probe ? `last check: ${probe.detail}` : 'no check ran';
  if (containerState !== 'running') {
    return { verdict: 'failed', detail: `the container is ${containerState}, not running (${last})` };
  }
  if (probe?.healthy) return { verdict: 'healthy', detail: probe.detail };
  if (elapsedMs >= deadlineMs) {
    return { verdict: 'failed', detail: `not healthy within ${formatMs(deadlineMs)} (${last})` };
  }
  return { verdict: 'waiting', detail: last };
}

/** Whether an HTTP status counts as healthy: 2xx or 3xx. */
export function isHealthyStatus(status: number): boolean {
  return status >= 200 && status < 400;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
