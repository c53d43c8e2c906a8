import { describe, expect, it } from '@jest/globals';
import { HeartbeatError } from './HeartbeatError.js';
import { RateLimiter, type RateLimit } from './RateLimiter.js';

type Step = [identity: string, kind: 'Register' | 'Heartbeat', now: number, retryAfterMs: number | null];

/** Runs the calls in order; `null` means allowed, a number is the expected `retryAfterMs`. */
function run(limiter: RateLimiter, steps: Step[]): void {
  for (const [identity, kind, now, retryAfterMs] of steps) {
    const decision = limiter.take(identity, kind, now);
    expect([identity, kind, now, decision]).toEqual([
      identity,
      kind,
      now,
      retryAfterMs === null ? { allowed: true } : { allowed: false, retryAfterMs },
    ]);
  }
}

describe('RateLimiter', () => {
  it.each<[string, Step[]]>([
    [
      'Register: one a minute',
      [
        ['agent-a', 'Register', 0, null],
        ['agent-a', 'Register', 1, 59_999],
        ['agent-a', 'Register', 30_000, 30_000],
        ['agent-a', 'Register', 59_999, 1],
        ['agent-a', 'Register', 60_000, null],
        ['agent-a', 'Register', 60_000, 60_000],
      ],
    ],
    [
      'Heartbeat: one every 10 s, and an idle bucket holds only one',
      [
        ['agent-a', 'Heartbeat', 0, null],
        ['agent-a', 'Heartbeat', 9_000, 1_000],
        ['agent-a', 'Heartbeat', 10_000, null],
        ['agent-a', 'Heartbeat', 500_000, null],
        ['agent-a', 'Heartbeat', 500_001, 9_999],
      ],
    ],
    [
      'refused calls cost nothing',
      [
        ['agent-a', 'Heartbeat', 0, null],
        ['agent-a', 'Heartbeat', 1, 9_999],
        ['agent-a', 'Heartbeat', 2, 9_998],
        ['agent-a', 'Heartbeat', 10_000, null],
      ],
    ],
    [
      'identities are isolated',
      [
        ['agent-a', 'Register', 0, null],
        ['agent-b', 'Register', 1, null],
        ['agent-a', 'Register', 2, 59_998],
        ['agent-b', 'Register', 3, 59_998],
      ],
    ],
    [
      'kinds are isolated',
      [
        ['agent-a', 'Register', 0, null],
        ['agent-a', 'Heartbeat', 0, null],
        ['agent-a', 'Heartbeat', 10_000, null],
        ['agent-a', 'Register', 10_000, 50_000],
      ],
    ],
    [
      'a clock that steps back grants nothing',
      [
        ['agent-a', 'Heartbeat', 10_000, null],
        ['agent-a', 'Heartbeat', 5_000, 10_000],
        ['agent-a', 'Heartbeat', 19_999, 1],
        ['agent-a', 'Heartbeat', 20_000, null],
      ],
    ],
  ])('defaults: %s', (_, steps) => {
    run(new RateLimiter(), steps);
  });

  it.each<[string, RateLimit, [now: number, retryAfterMs: number | null][]]>([
    [
      'a burst of 3, one back every 10 ms',
      { capacity: 3, refillEveryMs: 10 },
      [
        [0, null],
        [0, null],
        [0, null],
        [0, 10],
        [5, 5],
        [10, null],
        [10, 10],
        [45, null],
        [45, null],
        [45, null],
        [45, 10],
      ],
    ],
    [
      'fractional refill periods',
      { capacity: 1, refillEveryMs: 0.5 },
      [
        [0, null],
        [0.25, 0.25],
        [0.5, null],
      ],
    ],
  ])('custom limit: %s', (_, limit, steps) => {
    const limiter = new RateLimiter({ limits: { Heartbeat: limit, Register: limit } });
    run(
      limiter,
      steps.map(([now, retryAfterMs]): Step => ['agent-a', 'Heartbeat', now, retryAfterMs]),
    );
  });

  it('takes any set of RPC kinds', () => {
    const limiter = new RateLimiter<'IssueCertificate'>({
      limits: { IssueCertificate: { capacity: 2, refillEveryMs: 1000 } },
    });
    expect(limiter.take('agent-a', 'IssueCertificate', 0)).toEqual({ allowed: true });
    expect(() => limiter.take('agent-a', 'Register' as 'IssueCertificate', 0)).toThrow(
      new HeartbeatError('UNKNOWN_KIND', 'kind: no rate limit configured for "Register"'),
    );
  });

  it('prunes exactly the buckets that have refilled, which changes no later answer', () => {
    const limiter = new RateLimiter();
    limiter.take('agent-a', 'Heartbeat', 0);
    limiter.take('agent-b', 'Heartbeat', 5_000);
    limiter.take('agent-b', 'Register', 5_000);
    expect(limiter.size).toBe(3);
    expect(limiter.prune(9_999)).toBe(0);
    expect(limiter.prune(10_000)).toBe(1); // agent-a's heartbeat bucket is full again
    expect(limiter.size).toBe(2);
    expect(limiter.prune(15_000)).toBe(1);
    expect(limiter.take('agent-a', 'Heartbeat', 15_000)).toEqual({ allowed: true });
    expect(limiter.take('agent-b', 'Register', 15_000)).toEqual({ allowed: false, retryAfterMs: 50_000 });
    expect(limiter.prune(65_000)).toBe(2);
    expect(limiter.size).toBe(0);
  });

  describe('a pass (allowOnce)', () => {
    // Register: one a minute. agent-a registered at 0, so its bucket is empty until 60 s.
    const spent = () => {
      const limiter = new RateLimiter();
      expect(limiter.take('agent-a', 'Register', 0)).toEqual({ allowed: true });
      return limiter;
    };

    it.each<[string, (l: RateLimiter) => void, [number, number | null][]]>([
      ['without one, a second registration waits for the refill', () => undefined, [[5_000, 55_000]]],
      [
        'lets exactly one call through an empty bucket, and costs the bucket nothing',
        (l) => l.allowOnce('agent-a', 'Register', 30_000),
        [
          [5_000, null],
          [6_000, 54_000],
          [60_000, null],
        ],
      ],
      ['lapses at its end', (l) => l.allowOnce('agent-a', 'Register', 5_000), [[5_000, 55_000]]],
      [
        'a second pass replaces the first',
        (l) => {
          l.allowOnce('agent-a', 'Register', 1_000);
          l.allowOnce('agent-a', 'Register', 9_000);
        },
        [
          [5_000, null],
          [5_001, 54_999],
        ],
      ],
      [
        'is for its identity and kind only',
        (l) => {
          l.allowOnce('agent-b', 'Register', 30_000);
          l.allowOnce('agent-a', 'Heartbeat', 30_000);
        },
        [[5_000, 55_000]],
      ],
    ])('%s', (_, grant, steps) => {
      const limiter = spent();
      grant(limiter);
      run(
        limiter,
        steps.map(([now, retryAfterMs]): Step => ['agent-a', 'Register', now, retryAfterMs]),
      );
    });

    it('used on a full bucket, leaves the bucket full', () => {
      const limiter = new RateLimiter();
      limiter.allowOnce('agent-a', 'Register', 1_000);
      expect(limiter.take('agent-a', 'Register', 0)).toEqual({ allowed: true });
      expect(limiter.take('agent-a', 'Register', 0)).toEqual({ allowed: true });
      expect(limiter.take('agent-a', 'Register', 0)).toEqual({ allowed: false, retryAfterMs: 60_000 });
    });

    it('survives pruning until it lapses', () => {
      const limiter = spent();
      limiter.allowOnce('agent-a', 'Register', 30_000);
      limiter.prune(29_999);
      expect(limiter.take('agent-a', 'Register', 29_999)).toEqual({ allowed: true });
      limiter.allowOnce('agent-a', 'Register', 30_000);
      limiter.prune(30_000);
      expect(limiter.take('agent-a', 'Register', 29_999)).toEqual({ allowed: false, retryAfterMs: 30_001 });
    });

    it('refuses a kind with no limit', () => {
      expect(() => new RateLimiter().allowOnce('agent-a', 'IssueCertificate' as 'Register', 1)).toThrow(
        new HeartbeatError('UNKNOWN_KIND', 'kind: no rate limit configured for "IssueCertificate"'),
      );
    });
  });

  it.each<[string, RateLimit, RegExp]>([
    ['a zero capacity', { capacity: 0, refillEveryMs: 1 }, /^limits\.Heartbeat\.capacity: /],
    [
      'a fractional capacity',
      { capacity: 1.5, refillEveryMs: 1 },
      /^limits\.Heartbeat\.capacity: must be a whole number/,
    ],
    ['a zero refill period', { capacity: 1, refillEveryMs: 0 }, /^limits\.Heartbeat\.refillEveryMs: /],
    [
      'a NaN refill period',
      { capacity: 1, refillEveryMs: Number.NaN },
      /^limits\.Heartbeat\.refillEveryMs: /,
    ],
  ])('refuses %s', (_, limit, message) => {
    const build = (): unknown =>
      new RateLimiter({ limits: { Register: { capacity: 1, refillEveryMs: 1 }, Heartbeat: limit } });
    expect(build).toThrow(HeartbeatError);
    expect(build).toThrow(message);
  });
});
