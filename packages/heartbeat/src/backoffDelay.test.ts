import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffDelay, type BackoffOptions } from './backoffDelay.js';
import { HeartbeatError } from './HeartbeatError.js';

const at = (r: number): BackoffOptions => ({ random: () => r });
const justBelowOne = 1 - 2 ** -53;

describe('backoffDelay', () => {
  it.each<[number, number, number]>([
    // attempt, shortest (random → 1), longest (random = 0), with the defaults: 1 s doubling, cap 60 s, jitter 0.2
    [0, 800, 1000],
    [1, 1600, 2000],
    [2, 3200, 4000],
    [3, 6400, 8000],
    [4, 12_800, 16_000],
    [5, 25_600, 32_000],
    [6, 48_000, 60_000],
    [7, 48_000, 60_000],
    [30, 48_000, 60_000],
    [5000, 48_000, 60_000],
  ])('attempt %i waits between %i and %i ms', (attempt, shortest, longest) => {
    expect(backoffDelay(attempt, at(0))).toBe(longest);
    expect(backoffDelay(attempt, at(justBelowOne))).toBeCloseTo(shortest, 6);
    expect(backoffDelay(attempt, at(0.5))).toBe((shortest + longest) / 2);
  });

  it.each<[string, Partial<BackoffOptions>, number, number]>([
    ['no jitter', { jitter: 0 }, 3, 8000],
    ['full jitter', { jitter: 1 }, 3, 4000],
    ['a small base and cap', { baseMs: 10, maxMs: 50 }, 3, 50 * 0.9],
    ['a base above the cap', { baseMs: 100, maxMs: 50, jitter: 0 }, 0, 50],
    ['a zero base', { baseMs: 0 }, 9, 0],
    ['a zero base past attempt 1023', { baseMs: 0 }, 2000, 0],
  ])('with %s', (_, options, attempt, expected) => {
    expect(backoffDelay(attempt, { ...at(0.5), ...options })).toBe(expected);
  });

  it('never exceeds the cap and is never negative', () => {
    fc.assert(
      fc.property(
        fc.nat(2000),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (attempt, r, jitter, baseMs, maxMs) => {
          const delay = backoffDelay(attempt, { baseMs, maxMs, jitter, random: () => r });
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxMs);
        },
      ),
    );
  });

  it.each<[string, number, Partial<BackoffOptions>, string, RegExp]>([
    ['a negative attempt', -1, {}, 'INVALID_ARGUMENT', /^attempt: /],
    ['a fractional attempt', 1.5, {}, 'INVALID_ARGUMENT', /^attempt: /],
    ['random() = 1', 0, { random: () => 1 }, 'INVALID_ARGUMENT', /^random: .*got 1$/],
    ['random() < 0', 0, { random: () => -0.1 }, 'INVALID_ARGUMENT', /^random: /],
    ['random() = NaN', 0, { random: () => Number.NaN }, 'INVALID_ARGUMENT', /^random: /],
    ['a negative base', 0, { baseMs: -1 }, 'INVALID_OPTION', /^baseMs: /],
    ['an infinite cap', 0, { maxMs: Number.POSITIVE_INFINITY }, 'INVALID_OPTION', /^maxMs: /],
    ['jitter above 1', 0, { jitter: 1.5 }, 'INVALID_OPTION', /^jitter: /],
    ['negative jitter', 0, { jitter: -0.1 }, 'INVALID_OPTION', /^jitter: /],
  ])('refuses %s', (_, attempt, options, code, message) => {
    let caught: unknown;
    try {
      backoffDelay(attempt, { ...at(0), ...options });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HeartbeatError);
    expect(caught).toMatchObject({ code, message: expect.stringMatching(message) });
  });
});
