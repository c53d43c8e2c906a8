import { describe, expect, it } from '@jest/globals';
import { parseDuration } from './parseDuration.js';
import { SpecError } from './SpecError.js';

describe('parseDuration', () => {
  it.each<[string, number]>([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['5min', 300_000],
    ['1h', 3_600_000],
    ['2160h', 7_776_000_000],
    ['1h30m', 5_400_000],
    ['1m30s500ms', 90_500],
    ['1.5s', 1_500],
    ['1.1s', 1_100],
    ['0s', 0],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('throws a SpecError', () => {
    expect(() => parseDuration('x')).toThrow(SpecError);
  });

  it.each(['', '30', 's', '-1s', '1d', '1 s', '1s ', '1.s', '0.25ms', 'ten seconds'])(
    'refuses %j',
    (text) => {
      expect(() => parseDuration(text)).toThrow(
        `must be a duration such as "500ms", "30s", "5m", "1h" or "1h30m", got ${JSON.stringify(text)}`,
      );
    },
  );
});
