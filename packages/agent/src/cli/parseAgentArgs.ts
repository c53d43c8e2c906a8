import { parseArgs } from 'node:util';

/** The default config file, also what the systemd unit passes. */
export const DEFAULT_AGENT_CONFIG = '/srv/mcp/mcp-agent.toml';

/** What `mcp-agent` was asked to do. */
export interface AgentArgs {
  /** Default `/srv/mcp/mcp-agent.toml`. */
  config: string;
  /** Whether `--config` was given (the self-check reads it only then, or without `--data-dir`). */
  configGiven: boolean;
  help: boolean;
  version: boolean;
  selfCheck: boolean;
  /** For `--self-check`: the data dir to open instead of the config's. */
  dataDir: string | undefined;
}

/** `mcp-agent --help`. */
export const AGENT_USAGE = `usage: mcp-agent [--config FILE]       run the agent (default ${DEFAULT_AGENT_CONFIG})
       mcp-agent --version             print the version and exit
       mcp-agent --self-check [--config FILE | --data-dir DIR]
                                       check that this binary runs here and can open
                                       its SQLite database (read-only), then exit
       mcp-agent --help

Examples:
  mcp-agent --config /srv/mcp/mcp-agent.toml
  mcp-agent --self-check --data-dir /srv/mcp/data

Exit codes: 0 ok; 1 the agent or the self-check failed; 2 bad usage or config.
`;

/**
 * Reads `mcp-agent`'s command line.
 *
 * @throws TypeError (from `node:util`'s parseArgs) for an unknown option or a missing value,
 *   and for `--config` given more than once.
 */
export function parseAgentArgs(argv: readonly string[]): AgentArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      'self-check': { type: 'boolean' },
      'data-dir': { type: 'string' },
    },
  });
  const [config, ...more] = values.config ?? [];
  if (more.length) {
    throw new TypeError(
      `--config was given ${more.length + 1} times (${values.config!.join(', ')}); give it once`,
    );
  }
  return {
    config: config ?? DEFAULT_AGENT_CONFIG,
    configGiven: config !== undefined,
    help: values.help === true,
    version: values.version === true,
    selfCheck: values['self-check'] === true,
    dataDir: values['data-dir'],
  };
}
