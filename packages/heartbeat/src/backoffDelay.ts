import { checkOption } from './checkOption.js';
import { DEFAULT_RETRY_BASE_MS, DEFAULT_RETRY_JITTER, DEFAULT_RETRY_MAX_MS } from './defaults.js';
import { HeartbeatError } from './HeartbeatError.js';

/** Tuning for the agent's retry schedule. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. Default `DEFAULT_RETRY_BASE_MS` (1 s). */
  readonly baseMs?: number;
  /** No delay is ever longer than this, in ms. Default `DEFAULT_RETRY_MAX_MS` (60 s). */
  readonly maxMs?: number;
  /** Fraction in [0, 1] of the delay that may be taken off at random. Default `DEFAULT_RETRY_JITTER` (0.2). */
  readonly jitter?: number;
  /** Uniform random numbers in [0, 1), e.g. `Math.random` wired in by the daemon. Required: no default. */
  readonly random: () => number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry):
 *
 *     nominal = min(maxMs, baseMs × 2^attempt)
 *     delay   = nominal × (1 − jitter × random())
 *
 * With the defaults: attempt 0 → 800–1000 ms, 1 → 1600–2000, 2 → 3200–4000,
 * …, 6 and later → 48 000–60 000. Jitter only ever shortens a delay, so a
 * delay is never above `maxMs` and never negative, and agents that failed
 * together spread out instead of retrying in step.
 *
 * @throws HeartbeatError `INVALID_ARGUMENT` if `attempt` is not a whole number
 *   >= 0 or `random()` returns a value outside [0, 1); `INVALID_OPTION` if an
 *   option is out of range.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new HeartbeatError(
      'INVALID_ARGUMENT',
      `attempt: must be a whole number >= 0, got ${String(attempt)}`,
    );
  }
  const baseMs = checkOption('baseMs', options.baseMs ?? DEFAULT_RETRY_BASE_MS, '>= 0');
  const maxMs = checkOption('maxMs', options.maxMs ?? DEFAULT_RETRY_MAX_MS, '>= 0');
  const jitter = checkOption('jitter', options.jitter ?? DEFAULT_RETRY_JITTER, '>= 0');
  if (jitter > 1) throw new HeartbeatError('INVALID_OPTION', `jitter: must be at most 1, got ${jitter}`);
  const r = options.random();
  if (!(r >= 0 && r < 1)) {
    throw new HeartbeatError('INVALID_ARGUMENT', `random: must return a number in [0, 1), got ${String(r)}`);
  }
  // 2 ** attempt is Infinity past attempt 1023: Math.min turns that into the cap,
  // but a zero base would make it NaN.
  const nominal = baseMs === 0 ? 0 : Math.min(maxMs, baseMs * 2 ** attempt);
  return nominal * (1 - jitter * r);
}
