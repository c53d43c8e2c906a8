#!/usr/bin/env node
// Kept small on purpose: `mcp --version` and `mcp --help` answer before
// anything else loads, and the rest (yargs, then per command gRPC and TLS)
// loads through the compile cache. bench/cli-startup measures what each of
// these saves.
import { readFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { helpWidth, MAX_HELP_WIDTH } from './helpWidth.js';

// A per-user directory: code cached in a shared /tmp could be planted by another user.
enableCompileCache(
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mcp', 'node-compile-cache'),
);

const argv = process.argv.slice(2);
let code: number;
/** The build's rendering of `mcp --help` at 100 columns (scripts/write-help.mjs); unset before a build. */
const helpText = (): string | undefined => {
  try {
    return readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
};
let help: string | undefined;
if (argv.length === 1 && argv[0] === '--version') {
  const { cliVersion } = await import('./version.js');
  process.stdout.write(`${cliVersion()}\n`);
  code = 0;
} else if (
  argv.length === 1 &&
  (argv[0] === '--help' || argv[0] === '-h') &&
  // The build's text is what runCli would print, unless the terminal is narrower.
  helpWidth(process.stdout.columns) === MAX_HELP_WIDTH &&
  (help = helpText())
) {
  process.stdout.write(help);
  code = 0;
} else {
  const { runCli } = await import('./runCli.js');
  code = await runCli(argv);
}
// Exit now rather than when the event loop drains: a connection attempt that
// timed out keeps a socket open for grpc-js's own connect timeout (20 s).
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
