import { errorBoundary } from '@mcp/daemon-kit';
import { SpecError } from '@mcp/spec';
import { ServerError, Status } from 'nice-grpc';
import { ProxyError } from '../proxy/ProxyError.js';

/**
 * The one place agent errors become gRPC statuses: bad input is
 * INVALID_ARGUMENT with the field path, an unreachable dependency is
 * UNAVAILABLE, anything else INTERNAL with its message.
 */
export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  if (error instanceof SpecError) return new ServerError(Status.INVALID_ARGUMENT, error.message);
  if (error instanceof ProxyError && error.code === 'UNREACHABLE')
    return new ServerError(Status.UNAVAILABLE, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new ServerError(Status.INTERNAL, message);
}

/** Wraps a handler so every error leaves through {@link toServerError}. */
export const guarded = errorBoundary(toServerError);
