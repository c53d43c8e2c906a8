/** Exit codes: 1 the operation failed, 2 the request was bad (usage, config, input). */
export type ExitCode = 1 | 2;

/** An error the CLI reports in one line and exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
