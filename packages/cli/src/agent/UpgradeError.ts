/** Why a step of `mcp agent upgrade` or `rollback` failed on a node. */
export type UpgradeErrorCode =
  /** The node presented another SSH host key than the pinned one. */
  | 'HOST_KEY_MISMATCH'
  /** No SSH session: unreachable, authentication refused, or the session broke. */
  | 'SSH_FAILED'
  /** A command on the node failed or did not finish in time. */
  | 'REMOTE_COMMAND_FAILED'
  /** The uploaded binary's sha256 on the node is not the built one's. */
  | 'CHECKSUM_MISMATCH'
  /** The new binary does not run on the node or reports another version. */
  | 'BINARY_REFUSED'
  /** No `<binary_path>.prev` to roll back to. */
  | 'NO_PREVIOUS'
  /** The master refused (or did not answer) ExpectRestart; nothing was installed. */
  | 'NOT_ANNOUNCED'
  /** The agent did not register and heartbeat with the expected version in time. */
  | 'NOT_REGISTERED'
  /** The agent registered, then restarted or turned unhealthy during the soak. */
  | 'SOAK_FAILED';

/** A failed step on one node; the message names the node and what to look at. */
export class UpgradeError extends Error {
  override readonly name = 'UpgradeError';
  constructor(
    readonly code: UpgradeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
