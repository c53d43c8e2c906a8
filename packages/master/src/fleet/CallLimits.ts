import { RateLimiter } from '@mcp/heartbeat';
import { RateLimitedError } from './RateLimitedError.js';

/** A configured limit: `count` calls per `periodMs`, per identity. */
export interface CallRate {
  count: number;
  periodMs: number;
}

/** How often each identity may register and heartbeat (the master's `[rate_limits]`). */
export class CallLimits {
  private readonly limiter: RateLimiter<'Register' | 'Heartbeat'>;

  constructor(rates: { register: CallRate; heartbeat: CallRate }) {
    const bucket = (r: CallRate) => ({ capacity: r.count, refillEveryMs: r.periodMs / r.count });
    this.limiter = new RateLimiter({
      limits: { Register: bucket(rates.register), Heartbeat: bucket(rates.heartbeat) },
    });
  }

  /**
   * Spends one call of `identity`'s allowance for `rpc` at `now`.
   * @throws RateLimitedError when the allowance is used up.
   */
  take(identity: string, rpc: 'Register' | 'Heartbeat', now: number): void {
    const decision = this.limiter.take(identity, rpc, now);
    if (!decision.allowed) throw new RateLimitedError(identity, rpc, decision.retryAfterMs);
  }

  /**
   * Lets `identity`'s next `rpc` call before `until` through whatever its
   * allowance holds, at no cost to it: for the registration of an agent an
   * operator is restarting, which may come soon after the last one.
   */
  allowOnce(identity: string, rpc: 'Register' | 'Heartbeat', until: number): void {
    this.limiter.allowOnce(identity, rpc, until);
  }

  /** Forgets identities whose allowance has refilled; call now and then. */
  prune(now: number): void {
    this.limiter.prune(now);
  }
}
