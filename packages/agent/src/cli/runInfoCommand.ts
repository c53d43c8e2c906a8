import { arch, platform, version as nodeVersion } from 'node:process';
import { AGENT_VERSION } from '../version.js';
import { AGENT_USAGE, type AgentArgs } from './parseAgentArgs.js';
import { selfCheck } from './selfCheck.js';

/** Where the info commands write. */
export interface InfoOutput {
  out(text: string): void;
  err(text: string): void;
}

const stdio: InfoOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

async function dataDirOf(args: AgentArgs): Promise<string> {
  if (args.dataDir !== undefined) return args.dataDir;
  // Only now: the config reader is not needed for --version or --help.
  const { loadAgentConfig } = await import('@mcp/spec');
  return (await loadAgentConfig(args.config)).agent.dataDir;
}

/**
 * Answers `--help`, `--version` and `--self-check` and resolves to the exit
 * code; `undefined` when none was asked for (the agent should run). Light on
 * purpose: the binary answers these before loading the rest of the agent.
 */
export async function runInfoCommand(args: AgentArgs, io: InfoOutput = stdio): Promise<number | undefined> {
  if (args.help) {
    io.out(AGENT_USAGE);
    return 0;
  }
  if (args.version) {
    io.out(`${AGENT_VERSION}\n`);
    return 0;
  }
  if (!args.selfCheck) return undefined;
  let dataDir: string;
  try {
    dataDir = await dataDirOf(args);
  } catch (error) {
    io.err(`mcp-agent: --self-check needs --data-dir or a readable --config: ${(error as Error).message}\n`);
    return 2;
  }
  const sqlite = process.versions.sqlite ?? 'unknown';
  io.out(`mcp-agent ${AGENT_VERSION} (node ${nodeVersion}, ${platform} ${arch}, SQLite ${sqlite})\n`);
  const result = selfCheck(dataDir);
  for (const line of result.lines) io.out(`${line}\n`);
  io.out(result.ok ? 'self-check ok\n' : 'self-check FAILED\n');
  return result.ok ? 0 : 1;
}
