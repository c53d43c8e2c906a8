import { NodeStatus, type NodeInfo } from '@mcp/proto';
import { fromCallError } from '../callErrors.js';
import { connectMaster } from '../clients.js';
import type { CliConfig } from '@mcp/spec';

/** The master's view of the nodes, as upgrades watch it. */
export interface NodeWatcher {
  /** Every registered node. */
  list(): Promise<NodeInfo[]>;
  /** One node, or `undefined` if the master does not know it. */
  node(name: string): Promise<NodeInfo | undefined>;
  close(): void;
}

/** `healthy`, `probing`, ... as `mcp node list` prints it. */
export const statusName = (s: NodeStatus): string => NodeStatus[s].replace('NODE_STATUS_', '').toLowerCase();

/**
 * A watcher over one channel to the master (`ListNodes`), each call under
 * `timeoutMs`.
 *
 * @throws CliError (exit 2) without `[master]`, or for an unreadable CA or token file.
 */
export async function watchMaster(config: CliConfig, timeoutMs: number): Promise<NodeWatcher> {
  const master = await connectMaster(config);
  const list = async () => {
    try {
      return (await master.client.listNodes({}, { signal: AbortSignal.timeout(timeoutMs) })).nodes;
    } catch (error) {
      throw fromCallError(error, master, timeoutMs);
    }
  };
  return {
    list,
    node: async (name) => (await list()).find((n) => n.name === name),
    close: () => master.close(),
  };
}
