/** Every way a testkit helper can fail. */
export type TestkitErrorCode =
  /** A condition did not hold before its deadline. */
  | 'TIMEOUT'
  /** A daemon exited or never became ready. */
  | 'START_FAILED'
  /** A command the helper ran exited non-zero. */
  | 'COMMAND_FAILED'
  /** Caddy's admin API answered with an error status. */
  | 'ADMIN_REQUEST_FAILED'
  /** No free port could be found. */
  | 'NO_FREE_PORT'
  /** This machine cannot do it (e.g. network namespaces without root). */
  | 'UNAVAILABLE';

/** A failed testkit helper: `code` for programs, `message` (with log tails where useful) for people. */
export class TestkitError extends Error {
  override readonly name = 'TestkitError';

  constructor(
    readonly code: TestkitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
