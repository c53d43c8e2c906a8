import { HeartbeatError } from './HeartbeatError.js';

/** The ranges options come in. */
export type OptionRule = '> 0' | '>= 0' | '>= 1';

/**
 * Returns `value` if it is a finite number within `rule`.
 *
 * @throws HeartbeatError `INVALID_OPTION` naming `field` otherwise.
 */
export function checkOption(field: string, value: number, rule: OptionRule): number {
  const min = rule === '>= 1' ? 1 : 0;
  const ok = Number.isFinite(value) && (rule === '> 0' ? value > 0 : value >= min);
  if (!ok) {
    throw new HeartbeatError(
      'INVALID_OPTION',
      `${field}: must be a finite number ${rule}, got ${String(value)}`,
    );
  }
  return value;
}
