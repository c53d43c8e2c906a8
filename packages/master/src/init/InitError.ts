/** Every way `mcp-master init` can refuse. */
export type InitErrorCode =
  /** The command line is malformed (exit code 2). */
  | 'USAGE'
  /** An option is malformed: a node or operator name, an address, a lifetime. */
  | 'INVALID_OPTION'
  /** One half of a pair exists without the other (`ca.pem` without `ca.key`, …); nothing was changed. */
  | 'INCOMPLETE_PAIR'
  /** Existing files do not fit together (a key that is not the certificate's, a certificate from another CA); nothing was changed. */
  | 'INCONSISTENT_FILES';

/** A refused init: `code` for programs, `message` for people (never key or token material). */
export class InitError extends Error {
  override readonly name = 'InitError';

  constructor(
    readonly code: InitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
