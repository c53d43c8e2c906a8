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
  /**
   * Tells the master that `name`'s agent is about to restart, so that it
   * shows it `restarting` instead of probing it for up to `withinSeconds`.
   * Resolves with the node as the master now lists it.
   * @throws CliError when the master refuses or does not answer.
   */
  expectRestart(name: string, withinSeconds: number, reason: string): Promise<NodeInfo | undefined>;
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
  const call = async <T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    try {
      return await fn(AbortSignal.timeout(timeoutMs));
    } catch (error) {
      throw fromCallError(error, master, timeoutMs);
    }
  };
  const list = () => call(async (signal) => (await master.client.listNodes({}, { signal })).nodes);
  return {
    list,
    node: async (name) => (await list()).find((n) => n.name === name),
    expectRestart: (name, withinSeconds, reason) =>
      call(
        async (signal) =>
          (await master.client.expectRestart({ node: name, withinSeconds, reason }, { signal })).node,
      ),
    close: () => master.close(),
  };
}
