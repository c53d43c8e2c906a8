import { setTimeout as sleep } from 'node:timers/promises';
import { TestkitError } from './TestkitError.js';

export interface WaitForOptions {
  /** Give up after this long. Default 10 000 ms. */
  timeoutMs?: number;
  /** Pause between attempts. Default 50 ms. */
  intervalMs?: number;
  /** Names the condition in the timeout message. Default 'condition'. */
  description?: string;
  /** Stops waiting early: `waitFor` then throws the signal's reason. Default none. */
  signal?: AbortSignal;
}

/**
 * Calls `condition` until it returns a value other than `false`, `undefined` or `null`, and
 * returns that value. A throwing attempt counts as "not yet"; the last error becomes the
 * timeout's `cause`. Throws `TestkitError('TIMEOUT')` after `timeoutMs`, or the abort reason
 * when `signal` fires.
 */
export async function waitFor<T>(
  condition: () => T | false | undefined | null | Promise<T | false | undefined | null>,
  options: WaitForOptions = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 50, description = 'condition', signal } = options;
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await condition();
      if (value !== false && value !== undefined && value !== null) return value;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new TestkitError('TIMEOUT', `${description} did not hold within ${timeoutMs} ms${detail}`, {
        cause: lastError,
      });
    }
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}
