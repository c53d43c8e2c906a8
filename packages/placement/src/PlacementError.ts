/** Every way a placement can be refused. */
export type PlacementErrorCode =
  | 'NO_ELIGIBLE_NODE'
  | 'PINNED_NODE_UNKNOWN'
  | 'PINNED_NODE_IS_EDGE'
  | 'PINNED_NODE_UNHEALTHY'
  | 'NO_MASTER_NODE'
  | 'MASTER_NODE_UNHEALTHY'
  | 'EXISTING_NODE_UNKNOWN'
  | 'EXISTING_NODE_UNHEALTHY'
  | 'INVALID_REQUEST'
  | 'DUPLICATE_NODE';

/** A refused placement: `code` for programs, `message` for people. */
export class PlacementError extends Error {
  override readonly name = 'PlacementError';

  constructor(
    readonly code: PlacementErrorCode,
    message: string,
    /** The service the refusal is about, when there is one. */
    readonly service?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
