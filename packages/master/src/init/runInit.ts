import { formatInitSummary } from './formatInitSummary.js';
import { initFleet } from './initFleet.js';
import { InitError } from './InitError.js';
import { INIT_USAGE } from './initUsage.js';
import { parseInitArgs } from './parseInitArgs.js';

/** Where `runInit` writes; defaults to the process's streams. */
export interface InitIo {
  /** The summary and help. Default `process.stdout`. */
  readonly stdout?: { write(text: string): unknown };
  /** Errors. Default `process.stderr`. */
  readonly stderr?: { write(text: string): unknown };
  /** The time, ms since the epoch. Default `Date.now()`. */
  readonly now?: number;
}

/**
 * `mcp-master init`: parses `argv` (the arguments after `init`), creates
 * the fleet files and prints the summary, as a table or with `--json` as
 * `{"files":[{"path","status"}]}`. Never prints keys or tokens.
 *
 * @returns the exit code: 0 done (or `--help`), 1 refused by the state of
 *   the directory or a file system error, 2 bad usage or option values.
 */
export async function runInit(argv: readonly string[], io: InitIo = {}): Promise<number> {
  const { stdout = process.stdout, stderr = process.stderr } = io;
  try {
    const command = parseInitArgs(argv);
    if (command.help) {
      stdout.write(INIT_USAGE);
      return 0;
    }
    const summary = await initFleet({ ...command.options, ...(io.now === undefined ? {} : { now: io.now }) });
    stdout.write(command.json ? `${JSON.stringify(summary)}\n` : formatInitSummary(summary));
    return 0;
  } catch (error) {
    if (error instanceof InitError && (error.code === 'USAGE' || error.code === 'INVALID_OPTION')) {
      stderr.write(`mcp-master init: ${error.message}\nRun "mcp-master init --help" for usage.\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(`mcp-master init: ${message}\n`);
    return 1;
  }
}
