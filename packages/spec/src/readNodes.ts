import { ARCHES, dnsLabel, hostPort, sshTarget } from './commonFields.js';
import { NODE_ROLES } from './configCommon.js';
import { oneOf } from './fieldTypes.js';
import type { BootstrapNode } from './MasterConfig.js';
import type { TableReader } from './TableReader.js';

/** A `[[nodes]]` entry; `role` and the `arch` default only exist in the master's config. */
type NodeEntry = Omit<BootstrapNode, 'role' | 'arch'> & Partial<Pick<BootstrapNode, 'role' | 'arch'>>;

/**
 * Reads `[[nodes]]` (names unique). With `withRole` (the master config),
 * `role` is required and `arch` defaults to `amd64`; otherwise (the CLI
 * config) there is no `role` and `arch` stays unset unless given.
 */
export function readNodes(root: TableReader, withRole: true): BootstrapNode[] | undefined;
export function readNodes(root: TableReader, withRole: false): NodeEntry[] | undefined;
export function readNodes(root: TableReader, withRole: boolean): NodeEntry[] | undefined {
  const nodes = root.list('nodes', (t) =>
    t.finish<NodeEntry>({
      name: t.required('name', dnsLabel),
      role: withRole ? t.required('role', oneOf(NODE_ROLES)) : undefined,
      address: t.required('address', hostPort),
      arch: withRole ? t.withDefault('arch', oneOf(ARCHES), 'amd64') : t.optional('arch', oneOf(ARCHES)),
      ssh: t.optional('ssh', sshTarget),
    }),
  );
  const seen = new Map<string, number>();
  nodes?.forEach((node, index) => {
    if (node === undefined) return;
    const first = seen.get(node.name);
    if (first === undefined) seen.set(node.name, index);
    else root.report(`duplicate node name "${node.name}" (also nodes[${first}])`, 'nodes', index, 'name');
  });
  return nodes?.filter((node) => node !== undefined);
}
