import { HeartbeatError } from './HeartbeatError.js';
import type { RestartNotice } from './types.js';

/** Longest reason a restart notice may carry. */
const MAX_REASON = 200;

// C0 and C1 controls, DEL, and line/paragraph separators: the reason goes into
// logs and the event log, where a newline could forge an entry.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Returns the notice's window (ms) and reason if both are in range.
 *
 * @throws HeartbeatError `INVALID_RESTART` naming what is wrong.
 */
export function checkRestartNotice(
  notice: RestartNotice,
  maxWindowMs: number,
): { withinMs: number; reason: string } {
  const { withinMs, reason = '' } = notice;
  if (!Number.isFinite(withinMs) || withinMs <= 0 || withinMs > maxWindowMs) {
    throw new HeartbeatError(
      'INVALID_RESTART',
      `within: a restart window must be more than 0 s and at most ${maxWindowMs / 1000} s, got ${String(withinMs / 1000)} s`,
    );
  }
  if (typeof reason !== 'string' || reason.length > MAX_REASON || CONTROL.test(reason)) {
    throw new HeartbeatError(
      'INVALID_RESTART',
      `reason: at most ${MAX_REASON} characters and no control characters, got ${typeof reason === 'string' ? `${reason.length} characters` : typeof reason}`,
    );
  }
  return { withinMs, reason };
}
