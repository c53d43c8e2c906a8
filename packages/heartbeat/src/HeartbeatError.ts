/**
 * Every way this library refuses its input. All but `INVALID_RESTART` are
 * caller bugs, not fleet events.
 */
export type HeartbeatErrorCode =
  /** An options object holds a value out of range; the message names the option. */
  | 'INVALID_OPTION'
  /** A method argument is out of range (a negative attempt, a random value outside [0, 1)). */
  | 'INVALID_ARGUMENT'
  /** `RateLimiter.take` was asked about an RPC kind it has no limit for. */
  | 'UNKNOWN_KIND'
  /** An announced restart's window or reason is out of range: the operator's input, said back to them. */
  | 'INVALID_RESTART';

/** A refused input: `code` for programs, `message` (naming the field) for people. */
export class HeartbeatError extends Error {
  override readonly name = 'HeartbeatError';

  constructor(
    readonly code: HeartbeatErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
