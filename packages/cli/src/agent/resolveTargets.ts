import type { NodeInfo } from '@mcp/proto';
import type { Arch, CliConfig, HostKey, SshTarget } from '@mcp/spec';
import { CliError } from '../CliError.js';

/** Everything an upgrade needs to know about one node. */
export interface UpgradeTarget {
  name: string;
  /** From the master's registry. */
  role: string;
  arch: Arch;
  ssh: SshTarget;
  hostKey: HostKey;
  restart: string;
  binaryPath: string;
  /** What the master saw last; `undefined` if it does not know the node. */
  info: NodeInfo | undefined;
}

const ARCHES: readonly string[] = ['amd64', 'arm64'];

/**
 * The upgrade targets for `names` (none: every node the master knows), each
 * merged from its `[[nodes]]` entry and the master's registry. Every problem
 * of every node is reported at once, before anything is touched.
 *
 * @throws CliError (exit 2) naming each node and missing or unknown field.
 */
export function resolveTargets(config: CliConfig, registered: NodeInfo[], names: string[]): UpgradeTarget[] {
  const wanted = names.length > 0 ? [...new Set(names)] : registered.map((n) => n.name);
  if (wanted.length === 0) throw new CliError('the master knows no nodes; nothing to do', 2);
  const problems: string[] = [];
  const targets: UpgradeTarget[] = [];
  for (const name of wanted) {
    const entry = config.nodes.find((n) => n.name === name);
    const info = registered.find((n) => n.name === name);
    if (!entry) {
      problems.push(
        `node ${name}: no [[nodes]] entry in the config; add one with name, address, ssh, host_key and restart`,
      );
      continue;
    }
    if (!info) {
      problems.push(`node ${name}: the master does not know it (not registered), so its role is unknown`);
      continue;
    }
    const arch = entry.arch ?? (ARCHES.includes(info.arch) ? (info.arch as Arch) : undefined);
    const missing = [
      ...(entry.ssh ? [] : ['ssh ("user@host[:port]")']),
      ...(entry.hostKey ? [] : ['host_key (its SSH host key, e.g. from ssh-keyscan)']),
      ...(entry.restart ? [] : ['restart (e.g. "sudo systemctl restart mcp-agent")']),
      ...(arch ? [] : ['arch ("amd64" or "arm64"; the master does not say)']),
    ];
    for (const field of missing) problems.push(`node ${name}: ${field} is required for mcp agent`);
    if (missing.length > 0 || !entry.ssh || !entry.hostKey || !entry.restart || !arch) continue;
    targets.push({
      name,
      role: info.role,
      arch,
      ssh: entry.ssh,
      hostKey: entry.hostKey,
      restart: entry.restart,
      binaryPath: entry.binaryPath,
      info,
    });
  }
  if (problems.length > 0) throw new CliError(problems.join('\n'), 2);
  return targets;
}
