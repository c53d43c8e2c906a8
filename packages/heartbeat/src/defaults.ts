// The fleet's liveness and rate-limit defaults (ARCHITECTURE.md, "Defaults"),
// named once so the master, the agent and the tests agree. Every one of them
// can be overridden through an options object.

/** How often an agent sends a heartbeat: 30 s. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

/** Silence after which the master probes a node: 90 s, three missed heartbeats. */
export const DEFAULT_MISSED_THRESHOLD_MS = 3 * DEFAULT_HEARTBEAT_INTERVAL_MS;

/** How long a probe (the agent's `HealthCheck`) may take before it counts as failed: 5 s. */
export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

/** How long an unhealthy, silent node waits between probes: one threshold, 90 s. */
export const DEFAULT_REPROBE_INTERVAL_MS = DEFAULT_MISSED_THRESHOLD_MS;

/**
 * Longest warm-up after the master starts: 95 s. By then every live node has
 * either sent a heartbeat (it beats more often than the threshold) or answered
 * a probe (within the probe timeout).
 */
export const DEFAULT_WARM_UP_MS = DEFAULT_MISSED_THRESHOLD_MS + DEFAULT_PROBE_TIMEOUT_MS;

/**
 * Longest restart window an operator may announce: 1 h. A node silenced for
 * longer would hide a real failure; an upgrade needs a minute or two.
 */
export const DEFAULT_MAX_RESTART_WINDOW_MS = 3_600_000;

/** First agent retry delay: 1 s, doubling on each further attempt. */
export const DEFAULT_RETRY_BASE_MS = 1_000;

/** Cap on the agent retry delay: 60 s. */
export const DEFAULT_RETRY_MAX_MS = 60_000;

/** Fraction of a retry delay taken off at random so agents do not retry in step: 0.2. */
export const DEFAULT_RETRY_JITTER = 0.2;

/** `Register` calls per identity: one a minute, burst 1. */
export const DEFAULT_REGISTER_LIMIT = Object.freeze({ capacity: 1, refillEveryMs: 60_000 });

/** `Heartbeat` calls per identity: one every 10 s, burst 1. */
export const DEFAULT_HEARTBEAT_LIMIT = Object.freeze({ capacity: 1, refillEveryMs: 10_000 });

/** The per-identity limits the master applies by default, by RPC name. */
export const DEFAULT_RATE_LIMITS = Object.freeze({
  Register: DEFAULT_REGISTER_LIMIT,
  Heartbeat: DEFAULT_HEARTBEAT_LIMIT,
});
