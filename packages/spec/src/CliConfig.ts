import type { Arch } from './commonFields.js';
import type { HostKey } from './parseHostKey.js';
import type { SshTarget } from './parseSshTarget.js';

/** Where the agent binary lives on a node unless `binary_path` says otherwise. */
export const DEFAULT_AGENT_BINARY_PATH = '/srv/mcp/mcp-agent';

/** A `[[nodes]]` entry of the CLI config: for `--direct` calls and agent upgrades. */
export interface CliNode {
  name: string;
  /** `host:port` of the node's agent. */
  address: string;
  /** How `mcp agent upgrade` reaches the node. */
  ssh?: SshTarget;
  /** Unset: asked from the node registry. */
  arch?: Arch;
  /** The node's SSH host key; `mcp agent upgrade` refuses any other. */
  hostKey?: HostKey;
  /** Restarts the agent on the node, e.g. `sudo systemctl restart mcp-agent`. */
  restart?: string;
  /** The agent executable on the node; default `/srv/mcp/mcp-agent`. */
  binaryPath: string;
}

/** `~/.config/mcp/mcp.toml`, with every default applied and `~/` expanded. */
export interface CliConfig {
  /** Where service files live; default `~/.config/mcp/services`. */
  servicesDir: string;
  /** File holding the operator's bearer token for the master; default `~/.config/mcp/token`. */
  tokenFile: string;
  /**
   * Directory of direct-mode tokens, one `<node>.token` per agent (each only
   * that agent accepts); default `~/.config/mcp/direct`.
   */
  directTokenDir: string;
  /** PEM fleet CA certificate; default `~/.config/mcp/ca.pem`. */
  caCert: string;
  /** Unset (no `[master]`): only `--direct` calls work. */
  master?: {
    /** `host:port` of the master. */
    address: string;
  };
  /** Default none. */
  nodes: CliNode[];
}
