import { ServerError, Status } from 'nice-grpc-common';
import type { AuthError, AuthErrorCode } from './AuthError.js';

function statusOf(code: AuthErrorCode): Status {
  switch (code) {
    case 'MISSING_TOKEN':
    case 'MALFORMED_HEADER':
    case 'MALFORMED_TOKEN':
    case 'BAD_SIGNATURE':
    case 'ALGORITHM_NOT_ALLOWED':
    case 'TOKEN_EXPIRED':
    case 'WRONG_ISSUER':
    case 'WRONG_AUDIENCE':
    case 'INVALID_CLAIMS':
    case 'INCONSISTENT_IDENTITY':
      return Status.UNAUTHENTICATED;
    case 'PERMISSION_DENIED':
      return Status.PERMISSION_DENIED;
    case 'KEY_UNAVAILABLE':
      return Status.UNAVAILABLE;
    // Server-side configuration faults: the caller did nothing wrong.
    case 'INVALID_KEY':
    case 'INVALID_OPTION':
    case 'INSECURE_FILE':
    case 'INVALID_TOKEN_FILE':
      return Status.INTERNAL;
  }
}

/**
 * The gRPC face of an `AuthError`: `UNAUTHENTICATED` for every token fault,
 * `PERMISSION_DENIED`, `UNAVAILABLE` when the JWKS cannot be fetched, and
 * `INTERNAL` (with a generic message) for server-side key or config faults.
 * Other messages are kept: they never contain a token.
 */
export function toServerError(error: AuthError): ServerError {
  const status = statusOf(error.code);
  // A server's own misconfiguration is its operator's business, not the caller's.
  const message =
    status === Status.INTERNAL ? 'authentication is misconfigured on the server' : error.message;
  return new ServerError(status, message);
}
