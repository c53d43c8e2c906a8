/**
 * A node's liveness, as the master sees it:
 * - `unknown`: known (from config or the master's database) but not heard
 *   from since the master started; a probe is on its way.
 * - `healthy`: heard from within the threshold.
 * - `probing`: was healthy, went silent for the threshold, and a probe is
 *   outstanding. Still counts as healthy: nothing has failed yet.
 * - `unhealthy`: a probe failed or timed out, and nothing has been heard since.
 */
export type LivenessStatus = 'unknown' | 'healthy' | 'probing' | 'unhealthy';

/** Why a probe is sent: first contact, a silent healthy node, or a periodic recheck of an unhealthy one. */
export type ProbeReason = 'unknown' | 'silent' | 'recheck';

/** Why a node was marked unhealthy. */
export type UnhealthyReason = 'probe-failed' | 'probe-timeout';

/** What brought a node back to healthy. */
export type RecoveryCause = 'heartbeat' | 'probe' | 'track';

/**
 * What the daemon must do after an event. The machine never repeats itself:
 * one `probe` per silence, `markUnhealthy` and `markHealthy` only when the
 * node's health changes.
 */
export type LivenessAction =
  /** Call the node's `HealthCheck` and report the answer with `probeResult`. */
  | { readonly type: 'probe'; readonly node: string; readonly reason: ProbeReason }
  /** The node went from healthy (or unknown) to unhealthy. `lastSeenAt` is undefined if never heard from. */
  | {
      readonly type: 'markUnhealthy';
      readonly node: string;
      readonly reason: UnhealthyReason;
      readonly lastSeenAt: number | undefined;
    }
  /** The node went from unhealthy (or unknown) to healthy. */
  | { readonly type: 'markHealthy'; readonly node: string; readonly via: RecoveryCause };

/** A read of one node's liveness, for status output. */
export interface LivenessState {
  readonly node: string;
  readonly status: LivenessStatus;
  /** When the status last changed, in ms. */
  readonly since: number;
  /** Last heartbeat, successful probe or `track`, in ms; undefined if never heard from. */
  readonly lastSeenAt: number | undefined;
  /** When the outstanding probe was sent; undefined when none is outstanding. */
  readonly probeSentAt: number | undefined;
  /** Why the node is unhealthy; undefined unless `status` is `unhealthy`. */
  readonly reason: UnhealthyReason | undefined;
}

/** Tuning for a `LivenessMonitor`. Tests and benchmarks use milliseconds. */
export interface LivenessOptions {
  /** Silence after which a healthy node is probed, in ms. Default `DEFAULT_MISSED_THRESHOLD_MS` (90 s). */
  readonly thresholdMs?: number;
  /** How long a probe may stay unanswered before it counts as failed, in ms. Default `DEFAULT_PROBE_TIMEOUT_MS` (5 s). */
  readonly probeTimeoutMs?: number;
  /** Gap between probes of an unhealthy, silent node, in ms. Default `thresholdMs`. */
  readonly reprobeIntervalMs?: number;
  /** Longest warm-up after start, in ms; 0 disables warm-up. Default `thresholdMs + probeTimeoutMs` (95 s). */
  readonly warmUpMs?: number;
}
