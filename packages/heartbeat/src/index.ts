export { Backoff } from './Backoff.js';
export { backoffDelay, type BackoffOptions } from './backoffDelay.js';
export {
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_HEARTBEAT_LIMIT,
  DEFAULT_MAX_RESTART_WINDOW_MS,
  DEFAULT_MISSED_THRESHOLD_MS,
  DEFAULT_PROBE_TIMEOUT_MS,
  DEFAULT_RATE_LIMITS,
  DEFAULT_REGISTER_LIMIT,
  DEFAULT_REPROBE_INTERVAL_MS,
  DEFAULT_RETRY_BASE_MS,
  DEFAULT_RETRY_JITTER,
  DEFAULT_RETRY_MAX_MS,
  DEFAULT_WARM_UP_MS,
} from './defaults.js';
export { HeartbeatError, type HeartbeatErrorCode } from './HeartbeatError.js';
export { LivenessMonitor } from './LivenessMonitor.js';
export {
  RateLimiter,
  type RateDecision,
  type RateLimit,
  type RateLimitedRpc,
  type RateLimiterOptions,
} from './RateLimiter.js';
export { takesNewWork } from './takesNewWork.js';
export type {
  LivenessAction,
  LivenessOptions,
  LivenessState,
  LivenessStatus,
  ProbeReason,
  RecoveryCause,
  RestartNotice,
  UnhealthyReason,
} from './types.js';
