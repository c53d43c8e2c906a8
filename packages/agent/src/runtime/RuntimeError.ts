/** Every way the container runtime can fail. */
export type RuntimeErrorCode =
  /** A runtime command exited non-zero; the message carries the runtime's own words. */
  | 'COMMAND_FAILED'
  /** The image could not be pulled (unknown tag, unreachable registry, no credentials). */
  | 'PULL_FAILED'
  /** The container or image does not exist. */
  | 'NOT_FOUND'
  /** The runtime printed something that is not what it documents (JSON we cannot read). */
  | 'BAD_OUTPUT';

/** A runtime command failed; `message` carries the runtime's own words. */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
