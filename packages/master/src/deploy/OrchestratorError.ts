/** Every way a fleet operation can be refused before it starts. */
export type OrchestratorErrorCode =
  /** The service has no placement: it was never deployed, or was undeployed. */
  | 'NOT_DEPLOYED'
  /** The service's node is not in the registry any more. */
  | 'NODE_NOT_REGISTERED'
  /** A rollback has no revision to go to (none recorded, only the current one, or not the one named). */
  | 'NO_REVISION';

/** A request that cannot start (an unknown service, say). */
export class OrchestratorError extends Error {
  override readonly name = 'OrchestratorError';
  constructor(
    readonly code: OrchestratorErrorCode,
    message: string,
  ) {
    super(message);
  }
}
