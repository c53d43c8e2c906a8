import { backoffDelay, type BackoffOptions } from './backoffDelay.js';

/**
 * The agent's retry schedule as a counter: `next()` gives the delay before the
 * next retry and moves on; `reset()` after a success starts again at `baseMs`.
 * Each delay follows `backoffDelay` (see its formula), so it is never above
 * `maxMs` and never negative.
 *
 * ```ts
 * const backoff = new Backoff({ random: Math.random });
 * for (;;) {
 *   try { await register(); backoff.reset(); break; }
 *   catch { await sleep(backoff.next()); }
 * }
 * ```
 */
export class Backoff {
  private attempts = 0;

  /** @throws HeartbeatError `INVALID_OPTION` if an option is out of range. */
  constructor(private readonly options: BackoffOptions) {
    backoffDelay(0, { ...options, random: () => 0 });
  }

  /** How many delays `next()` has handed out since the last `reset()`. */
  get attempt(): number {
    return this.attempts;
  }

  /**
   * The delay in ms before the next retry.
   *
   * @throws HeartbeatError `INVALID_ARGUMENT` if the injected `random()` returns a value outside [0, 1).
   */
  next(): number {
    const delay = backoffDelay(this.attempts, this.options);
    this.attempts++;
    return delay;
  }

  /** Starts the schedule again at `baseMs`; call it after a success. */
  reset(): void {
    this.attempts = 0;
  }
}
