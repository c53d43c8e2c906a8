/** Anything text can be written to: `process.stdout`, or a buffer in tests. */
export interface Writer {
  write(text: string): unknown;
}

/** Where the CLI writes: results to `stdout`, progress and errors to `stderr`. */
export interface CliIo {
  stdout: Writer;
  stderr: Writer;
}

/** Output for people (tables, step lists) or scripts (`--json`). */
export interface Output {
  json: boolean;
  /** Writes a line to stdout. */
  line(text: string): void;
  /** Writes a line to stderr (progress, warnings); never part of `--json` output. */
  note(text: string): void;
}

/** An `Output` over `io`. */
export function createOutput(json: boolean, io: CliIo): Output {
  return {
    json,
    line: (text) => io.stdout.write(`${text}\n`),
    note: (text) => io.stderr.write(`${text}\n`),
  };
}
