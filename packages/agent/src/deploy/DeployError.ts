/** Every way a deploy refuses a spec that the node cannot take as it is. */
export type DeployErrorCode =
  /** An internal name of the spec is already served by another service on this node. */
  | 'NAME_CLASH'
  /** A container name the spec needs is held by a container MCP does not manage for this service. */
  | 'CONTAINER_NAME_TAKEN'
  /** A new container did not become healthy by its deadline, or exited; it was removed. */
  | 'UNHEALTHY';

/** A deploy step refused; the message says what to change. */
export class DeployError extends Error {
  override readonly name = 'DeployError';
  constructor(
    readonly code: DeployErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
