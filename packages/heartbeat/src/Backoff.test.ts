import { describe, expect, it } from '@jest/globals';
import { Backoff } from './Backoff.js';
import { HeartbeatError } from './HeartbeatError.js';

describe('Backoff', () => {
  it('doubles from 1 s to the 60 s cap, then stays there', () => {
    const backoff = new Backoff({ random: () => 0 });
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(backoff.attempt).toBe(9);
  });

  it('starts again at the base after reset()', () => {
    const backoff = new Backoff({ baseMs: 10, maxMs: 100, jitter: 0, random: () => 0.9 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([10, 20, 40]);
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(10);
  });

  it('draws a fresh jitter for every delay', () => {
    const draws = [0, 0.5, 0.25];
    const backoff = new Backoff({ random: () => draws.shift()! });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([1000, 1800, 3800]);
  });

  it('refuses bad options when built, not at the first retry', () => {
    expect(() => new Backoff({ jitter: 2, random: () => 0 })).toThrow(HeartbeatError);
    expect(() => new Backoff({ baseMs: Number.NaN, random: () => 0 })).toThrow(/^baseMs: /);
  });
});
