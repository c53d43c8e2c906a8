import { ClientError, Status } from 'nice-grpc';
import { CliError } from './CliError.js';
import type { Connection } from './clients.js';

// The caller must fix something (input, token, permissions) before retrying.
const BAD_REQUEST = new Set([
  Status.INVALID_ARGUMENT,
  Status.NOT_FOUND,
  Status.UNAUTHENTICATED,
  Status.PERMISSION_DENIED,
]);

/** grpc-js's "No connection established. Last error: Error: connect ECONNREFUSED …. Resolution note: " → the cause. */
function unavailableReason(details: string): string {
  const last = /Last error: (?:Error: )?(.*?)\.?\s*(?:Resolution note:.*)?$/s.exec(details);
  return (last?.[1] ?? details).trim();
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Turns a failed call into one clear line: bad input, token or permissions
 * exit 2; an unreachable or failing peer exits 1.
 */
export function fromCallError(
  error: unknown,
  peer: Pick<Connection<unknown>, 'name' | 'target' | 'connected'>,
  timeoutMs: number,
): CliError {
  if (error instanceof CliError) return error;
  const seconds = `${timeoutMs / 1000}s`;
  if (isAbort(error) || (error instanceof ClientError && error.code === Status.DEADLINE_EXCEEDED)) {
    const message = peer.connected()
      ? `${peer.target} did not answer within ${seconds} (raise --timeout for a slow operation)`
      : `cannot reach ${peer.target}: no connection within ${seconds}`;
    return new CliError(message, 1, { cause: error });
  }
  if (error instanceof ClientError) {
    if (error.code === Status.UNAVAILABLE) {
      return new CliError(`cannot reach ${peer.target}: ${unavailableReason(error.details)}`, 1, {
        cause: error,
      });
    }
    return new CliError(`${peer.name}: ${error.details}`, BAD_REQUEST.has(error.code) ? 2 : 1, {
      cause: error,
    });
  }
  return new CliError(error instanceof Error ? error.message : String(error), 1, { cause: error });
}
