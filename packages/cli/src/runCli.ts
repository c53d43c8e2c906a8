import { homedir } from 'node:os';
import { join } from 'node:path';
import { buildParser, type Runner } from './cliParser.js';
import { CliError } from './CliError.js';
import { helpWidth } from './helpWidth.js';
import { createOutput, type CliIo } from './io.js';
import { usageError } from './usageError.js';

interface GlobalArgs {
  config: string | undefined;
  direct: boolean;
  node: string | undefined;
  json: boolean;
  timeout: number | undefined;
}

/** Options of `runCli`. */
export interface RunCliOptions {
  /** Where output goes; default `process.stdout` and `process.stderr`. */
  io?: CliIo;
  /** Config file without `--config`; default `~/.config/mcp/mcp.toml`. */
  defaultConfig?: string;
  /** Help text width; default the terminal's, at most 100. */
  width?: number;
}

/**
 * Runs the `mcp` command line and resolves to the exit code: 0 success,
 * 1 the operation failed, 2 bad usage, config or input. Never throws:
 * every error is one `mcp: ` line on stderr (one per problem of a bad file).
 */
export async function runCli(argv: string[], options: RunCliOptions = {}): Promise<number> {
  const io = options.io ?? { stdout: process.stdout, stderr: process.stderr };
  let code = 0;
  const run: Runner = (defaultTimeout, command) => async (raw) => {
    const args = raw as unknown as GlobalArgs;
    // yargs makes an option given twice an array, which would fail far from
    // here (a config path that "must be of type string").
    for (const flag of ['config', 'node', 'timeout'] as const) {
      const value: unknown = args[flag];
      if (Array.isArray(value)) {
        throw new CliError(
          `--${flag} was given ${value.length} times (${value.join(', ')}); give it once`,
          2,
        );
      }
    }
    if (args.direct && !args.node) throw new CliError('--direct needs -n <node>', 2);
    const timeout = args.timeout ?? defaultTimeout;
    if (!Number.isFinite(timeout) || timeout <= 0)
      throw new CliError('--timeout must be a positive number of seconds', 2);
    const { loadConfig } = await import('./loadConfig.js');
    // Once per process, before the first TLS connection (see @mcp/auth). Through
    // a module of its own: a dynamic import of '@mcp/auth' would bundle all of it
    // (jose included), where the CLI needs three functions.
    (await import('./ignoreIpServerNameWarning.js')).ignoreIpServerNameWarning('mcp');
    const config = await loadConfig(
      args.config ?? options.defaultConfig ?? join(homedir(), '.config', 'mcp', 'mcp.toml'),
    );
    const ctx = {
      config,
      out: createOutput(args.json, io),
      direct: args.direct ? args.node : undefined,
      timeoutMs: timeout * 1000,
      terminal: { out: io.stdout, live: !args.json && (io.stdout as { isTTY?: boolean }).isTTY === true },
    };
    code = await command(ctx, raw);
  };
  const width = options.width ?? helpWidth(process.stdout.columns);
  const cli = buildParser(argv, run, width).fail((message, error) => {
    throw error ?? usageError(message, argv);
  });

  try {
    await cli.parseAsync(argv, {}, (_error, _argv, output) => {
      // Help and the completion script arrive here instead of being printed.
      if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    });
    return code;
  } catch (error) {
    const cliError =
      error instanceof CliError ? error : new CliError((error as Error).message, 1, { cause: error });
    for (const line of cliError.message.split('\n')) io.stderr.write(`mcp: ${line}\n`);
    return cliError.exitCode;
  }
}
