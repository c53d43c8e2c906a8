export { runCli, type RunCliOptions } from './runCli.js';
export { CliError, type ExitCode } from './CliError.js';
export type { CliIo, Writer } from './io.js';
