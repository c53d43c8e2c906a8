/** Every way the fleet's call limits refuse. */
export type RateLimitedErrorCode = 'RATE_LIMITED';

/** An identity called Register or Heartbeat more often than its limit allows. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  readonly code: RateLimitedErrorCode = 'RATE_LIMITED';
  constructor(
    identity: string,
    rpc: string,
    /** When the identity may call again. */
    readonly retryAfterMs: number,
  ) {
    super(`${identity} is sending ${rpc} too often; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}
