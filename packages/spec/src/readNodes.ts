import { ARCHES, dnsLabel, hostKey, hostPort, remotePath, shellCommand, sshTarget } from './commonFields.js';
import { DEFAULT_AGENT_BINARY_PATH, type CliNode } from './CliConfig.js';
import { NODE_ROLES } from './configCommon.js';
import { oneOf } from './fieldTypes.js';
import type { BootstrapNode } from './MasterConfig.js';
import type { TableReader } from './TableReader.js';

/**
 * Reads `[[nodes]]` (names unique). With `withRole` (the master config),
 * `role` is required and `arch` defaults to `amd64`; otherwise (the CLI
 * config) there is no `role`, `arch` stays unset unless given, and the keys
 * `mcp agent upgrade` needs are read: `host_key`, `restart`, `binary_path`.
 */
export function readNodes(root: TableReader, withRole: true): BootstrapNode[] | undefined;
export function readNodes(root: TableReader, withRole: false): CliNode[] | undefined;
export function readNodes(root: TableReader, withRole: boolean): (BootstrapNode | CliNode)[] | undefined {
  const nodes = root.list('nodes', (t): BootstrapNode | CliNode | undefined => {
    const common = {
      name: t.required('name', dnsLabel),
      address: t.required('address', hostPort),
      ssh: t.optional('ssh', sshTarget),
    };
    return withRole
      ? t.finish<BootstrapNode>({
          ...common,
          role: t.required('role', oneOf(NODE_ROLES)),
          arch: t.withDefault('arch', oneOf(ARCHES), 'amd64'),
        })
      : t.finish<CliNode>({
          ...common,
          arch: t.optional('arch', oneOf(ARCHES)),
          hostKey: t.optional('host_key', hostKey),
          restart: t.optional('restart', shellCommand),
          binaryPath: t.withDefault('binary_path', remotePath, DEFAULT_AGENT_BINARY_PATH),
        });
  });
  const seen = new Map<string, number>();
  nodes?.forEach((node, index) => {
    if (node === undefined) return;
    const first = seen.get(node.name);
    if (first === undefined) seen.set(node.name, index);
    else root.report(`duplicate node name "${node.name}" (also nodes[${first}])`, 'nodes', index, 'name');
  });
  return nodes?.filter((node) => node !== undefined);
}
