import { SpecError } from './SpecError.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|min|s|m|h)/y;

/** The message for a string that is not a duration. */
export const DURATION_FORMAT = 'must be a duration such as "500ms", "30s", "5m", "1h" or "1h30m"';

/**
 * Parses a duration such as `"500ms"`, `"30s"`, `"5m"` (or `"5min"`), `"1h"`,
 * `"1.5s"` or `"1h30m"` into whole milliseconds. `"0s"` is 0.
 *
 * @throws SpecError (`INVALID`) when `text` is not such a duration or is not
 *   a whole number of milliseconds.
 */
export function parseDuration(text: string): number {
  const ms = tryParseDuration(text);
  if (ms === undefined) {
    throw new SpecError('INVALID', [
      { path: '', message: `${DURATION_FORMAT}, got ${JSON.stringify(text)}` },
    ]);
  }
  return ms;
}

/** Like `parseDuration`, but answers `undefined` instead of throwing. */
export function tryParseDuration(text: string): number | undefined {
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (match === null) return undefined;
    total += Number(match[1]) * UNITS[match[2]!]!;
  }
  const ms = Math.round(total);
  // Decimal fractions are inexact in binary: 1.1s must still be 1100 ms.
  return text !== '' && Math.abs(total - ms) < 1e-6 ? ms : undefined;
}
