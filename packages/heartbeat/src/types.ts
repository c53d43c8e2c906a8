/**
 * A node's liveness, as the master sees it:
 * - `unknown`: known (from config or the master's database) but not heard
 *   from since the master started; a probe is on its way.
 * - `healthy`: heard from within the threshold.
 * - `probing`: was healthy, went silent for the threshold, and a probe is
 *   outstanding. Still counts as healthy: nothing has failed yet.
 * - `unhealthy`: a probe failed or timed out, and nothing has been heard since.
 * - `restarting`: an operator announced a restart (`expectRestart`); the node
 *   is neither probed nor marked unhealthy until it registers again or the
 *   window ends. Does not count as healthy: it gets nothing new.
 */
export type LivenessStatus = 'unknown' | 'healthy' | 'probing' | 'unhealthy' | 'restarting';

/**
 * Why a probe is sent: first contact, a silent healthy node, a periodic
 * recheck of an unhealthy one, or a restart window that ended without a
 * registration.
 */
export type ProbeReason = 'unknown' | 'silent' | 'recheck' | 'restart-overdue';

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
  | { readonly type: 'markHealthy'; readonly node: string; readonly via: RecoveryCause }
  /**
   * A restart window closed: the node registered again (`registered`), or the
   * window ended first (`window-ended`; a `probe` follows). `afterMs`: since
   * the window opened.
   */
  | {
      readonly type: 'restartEnded';
      readonly node: string;
      readonly via: 'registered' | 'window-ended';
      readonly afterMs: number;
    };

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
  /** When the restart window ends, in ms; undefined unless `status` is `restarting`. */
  readonly restartUntil: number | undefined;
  /** What the operator said about the restart; undefined unless `status` is `restarting`. */
  readonly restartReason: string | undefined;
}

/** An announced restart: how long the node may be away, and why. */
export interface RestartNotice {
  /** From now, in ms: more than 0, at most the monitor's `maxRestartWindowMs`. */
  readonly withinMs: number;
  /** For the record; at most 200 characters, no control characters. Default empty. */
  readonly reason?: string;
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
  /** Longest restart window `expectRestart` accepts, in ms. Default `DEFAULT_MAX_RESTART_WINDOW_MS` (1 h). */
  readonly maxRestartWindowMs?: number;
}
