// Entry of the single-file binary (scripts/build-binary.mjs). It answers
// --version, --help and --self-check from light modules, then loads the
// agent: under emulation (arm64 on amd64) evaluating the whole bundle first
// would double the time --version takes.
import { parseAgentArgs } from './cli/parseAgentArgs.js';
import { runInfoCommand } from './cli/runInfoCommand.js';

let infoExit: number | undefined;
try {
  infoExit = await runInfoCommand(parseAgentArgs(process.argv.slice(2)));
} catch {
  // Bad usage: main.ts reports it with the usage text.
}
if (infoExit !== undefined) process.exit(infoExit);
await import('./main.js');
