import { checkOption } from './checkOption.js';
import { DEFAULT_RATE_LIMITS } from './defaults.js';
import { HeartbeatError } from './HeartbeatError.js';

/** The RPCs the master limits per identity by default. */
export type RateLimitedRpc = keyof typeof DEFAULT_RATE_LIMITS;

/** A token bucket: holds up to `capacity` calls and gains one every `refillEveryMs`. */
export interface RateLimit {
  /** Calls an idle identity may make at once (the burst), a whole number >= 1. */
  readonly capacity: number;
  /** One call's worth of credit comes back every this many ms. */
  readonly refillEveryMs: number;
}

/** Tuning for a `RateLimiter`. */
export interface RateLimiterOptions<K extends string> {
  /** The limit for each RPC kind. Default `DEFAULT_RATE_LIMITS` (Register 1/min, Heartbeat 1/10 s, burst 1). */
  readonly limits?: Readonly<Record<K, RateLimit>>;
}

/** The answer to one call: go ahead, or come back in `retryAfterMs`. */
export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

const ALLOWED: RateDecision = Object.freeze({ allowed: true });

// Credit is kept in ms rather than in tokens: one call costs `refillEveryMs`
// of credit, and with whole-ms clocks all the arithmetic stays exact.
interface Bucket {
  credit: number;
  at: number;
}

/**
 * Per-identity token buckets, one per RPC kind, so a noisy identity never
 * slows another and heartbeats never use up registration credit. A new or
 * long-idle identity starts with a full bucket.
 *
 * Memory grows with the identities seen; `prune(now)` drops every bucket that
 * has refilled completely. A full bucket answers exactly like a missing one,
 * so pruning never changes a later decision; call it every few minutes.
 *
 * Time comes in as `now` (ms, from a clock that does not jump back; a `now`
 * earlier than a bucket's last use counts as no time passed).
 *
 * A pass (`allowOnce`) lets one call through whatever the bucket holds, and
 * costs the bucket nothing: for a call the daemon was told to expect, such
 * as the registration of an agent an operator is restarting.
 */
export class RateLimiter<K extends string = RateLimitedRpc> {
  private readonly limits: ReadonlyMap<string, RateLimit>;
  private readonly buckets = new Map<string, Map<string, Bucket>>();
  /** Per kind: identity → the pass's end (ms, exclusive). */
  private readonly passes = new Map<string, Map<string, number>>();

  /** @throws HeartbeatError `INVALID_OPTION` if a limit is out of range. */
  constructor(options: RateLimiterOptions<K> = {}) {
    const limits: Readonly<Record<string, RateLimit>> = options.limits ?? DEFAULT_RATE_LIMITS;
    this.limits = new Map(
      Object.entries(limits).map(([kind, limit]) => {
        checkOption(`limits.${kind}.capacity`, limit.capacity, '>= 1');
        if (!Number.isInteger(limit.capacity)) {
          throw new HeartbeatError(
            'INVALID_OPTION',
            `limits.${kind}.capacity: must be a whole number, got ${limit.capacity}`,
          );
        }
        checkOption(`limits.${kind}.refillEveryMs`, limit.refillEveryMs, '> 0');
        return [kind, { capacity: limit.capacity, refillEveryMs: limit.refillEveryMs }];
      }),
    );
    for (const kind of this.limits.keys()) {
      this.buckets.set(kind, new Map());
      this.passes.set(kind, new Map());
    }
  }

  /**
   * Lets `identity`'s next `kind` call before `until` through, even with its
   * bucket empty, without spending from it. One pass per identity and kind:
   * a second replaces the first. A pass not used by `until` lapses.
   *
   * @throws HeartbeatError `UNKNOWN_KIND` if no limit is configured for `kind`.
   */
  allowOnce(identity: string, kind: K, until: number): void {
    const passes = this.passes.get(kind);
    if (!passes) throw new HeartbeatError('UNKNOWN_KIND', `kind: no rate limit configured for "${kind}"`);
    passes.set(identity, until);
  }

  /**
   * Spends one call of `identity`'s `kind` bucket if it has one, O(1).
   * Refused calls spend nothing; `retryAfterMs` (> 0) is when the next call
   * would be allowed, for a `RESOURCE_EXHAUSTED` reply.
   *
   * @throws HeartbeatError `UNKNOWN_KIND` if no limit is configured for `kind`.
   */
  take(identity: string, kind: K, now: number): RateDecision {
    const limit = this.limits.get(kind);
    const buckets = this.buckets.get(kind);
    if (!limit || !buckets) {
      throw new HeartbeatError('UNKNOWN_KIND', `kind: no rate limit configured for "${kind}"`);
    }
    const passes = this.passes.get(kind)!;
    const pass = passes.get(identity);
    if (pass !== undefined) {
      passes.delete(identity);
      if (now < pass) return ALLOWED;
    }
    const { refillEveryMs } = limit;
    const full = limit.capacity * refillEveryMs;
    let bucket = buckets.get(identity);
    if (!bucket) {
      bucket = { credit: full, at: now };
      buckets.set(identity, bucket);
    } else if (now > bucket.at) {
      bucket.credit = Math.min(full, bucket.credit + (now - bucket.at));
      bucket.at = now;
    }
    if (bucket.credit >= refillEveryMs) {
      bucket.credit -= refillEveryMs;
      return ALLOWED;
    }
    return { allowed: false, retryAfterMs: refillEveryMs - bucket.credit };
  }

  /**
   * Forgets every bucket that is full at `now`, and every pass that lapsed;
   * returns how many buckets it dropped. O(identities).
   */
  prune(now: number): number {
    for (const passes of this.passes.values()) {
      for (const [identity, until] of passes) if (now >= until) passes.delete(identity);
    }
    let dropped = 0;
    for (const [kind, buckets] of this.buckets) {
      const limit = this.limits.get(kind)!;
      const full = limit.capacity * limit.refillEveryMs;
      for (const [identity, bucket] of buckets) {
        if (bucket.credit + Math.max(0, now - bucket.at) >= full) {
          buckets.delete(identity);
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** How many buckets are held, across all kinds (for metrics and tests); passes are not counted. */
  get size(): number {
    let n = 0;
    for (const buckets of this.buckets.values()) n += buckets.size;
    return n;
  }
}
