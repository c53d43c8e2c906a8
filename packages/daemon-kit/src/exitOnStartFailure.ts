/** The part of a pino logger a start failure is logged with. */
export interface FatalLogger {
  fatal(object: Record<string, unknown>, message: string): void;
}

/**
 * A daemon that cannot start (a bad config, a port in use, a file it cannot
 * read) says why twice on stderr: once in its structured log, for log
 * collectors, then in plain words as `<program>: <message>`, one line per
 * line of the message (a config error names each bad field on its own
 * line) for the person who ran it. Then it exits with `code` (an
 * asynchronous log is flushed as the process exits, so its line may come
 * after the plain one).
 */
export function exitOnStartFailure(
  program: string,
  logger: FatalLogger,
  error: unknown,
  code: 1 | 2,
  write: (text: string) => void = (text) => process.stderr.write(text),
  exit: (code: number) => never = (c) => process.exit(c),
): never {
  const message = error instanceof Error ? error.message : String(error);
  logger.fatal({ exitCode: code }, message);
  write(
    message
      .split('\n')
      .map((line) => `${program}: ${line}\n`)
      .join(''),
  );
  return exit(code);
}
