/** Every way the check that an address answers as its node can fail. */
export type AgentIdentityErrorCode =
  /** The address answers with a certificate for another node (or no node). */
  | 'WRONG_NODE'
  /** Nothing answered at the address, so it could not be checked. */
  | 'UNREACHABLE';

/** A registration whose address does not prove to be the registering node's agent. */
export class AgentIdentityError extends Error {
  override readonly name = 'AgentIdentityError';
  constructor(
    readonly code: AgentIdentityErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
