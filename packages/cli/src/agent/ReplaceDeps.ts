import type { SshSession } from '../ssh/connectSsh.js';
import type { AgentBinary } from './BinarySource.js';
import type { NodeWatcher } from './NodeWatcher.js';
import type { UpgradeTarget } from './resolveTargets.js';
import type { Clock } from './verifyAgent.js';

/** What replacing a node's agent needs besides the node. */
export interface ReplaceDeps {
  connect(target: UpgradeTarget): Promise<SshSession>;
  watcher: NodeWatcher;
  /** Deadline of each command on the node. */
  commandTimeoutMs: number;
  /** How long a restarted agent has to register and heartbeat. */
  verifyTimeoutMs: number;
  /** How long it must then stay healthy. */
  soakMs: number;
  clock?: Clock;
}

/**
 * How one node ended: `replaced` (the new agent runs and passed), `restored`
 * (it failed and the previous one runs again), `failed` (nothing installed,
 * or the restore failed too: the error says which).
 */
export type NodeOutcome = 'replaced' | 'restored' | 'failed';

/** What gets a `.new` on the node, and which version it must report. */
export type Stage = { kind: 'upload'; binary: AgentBinary } | { kind: 'previous' };
