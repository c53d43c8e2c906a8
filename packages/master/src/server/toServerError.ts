import { errorBoundary } from '@mcp/daemon-kit';
import { AuthError, toServerError as authToServerError } from '@mcp/auth';
import { RegistryError } from '@mcp/registry';
import { SpecError } from '@mcp/spec';
import { ServerError, Status } from 'nice-grpc';
import { OrchestratorError } from '../deploy/Orchestrator.js';
import { RateLimitedError } from '../fleet/Fleet.js';
import { PkiError, type PkiErrorCode } from '../pki/PkiError.js';

const REGISTRY_STATUS: Partial<Record<RegistryError['code'], Status>> = {
  IDENTITY_MISMATCH: Status.PERMISSION_DENIED,
  NOT_ALLOWLISTED: Status.PERMISSION_DENIED,
  REGISTRY_FULL: Status.RESOURCE_EXHAUSTED,
  ROLE_CHANGED: Status.FAILED_PRECONDITION,
  ROLE_CONFLICT: Status.FAILED_PRECONDITION,
  UNKNOWN_NODE: Status.NOT_FOUND,
};

// BAD_CSR is the caller's fault; INVALID_CA and INVALID_OPTION are this
// master's configuration, hence INTERNAL.
const PKI_STATUS: Partial<Record<PkiErrorCode, Status>> = {
  POLICY_DENIED: Status.PERMISSION_DENIED,
  BAD_CSR: Status.INVALID_ARGUMENT,
};

/** The one place master errors become gRPC statuses. */
export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  if (error instanceof AuthError) return authToServerError(error);
  if (error instanceof SpecError) return new ServerError(Status.INVALID_ARGUMENT, error.message);
  if (error instanceof RateLimitedError) return new ServerError(Status.RESOURCE_EXHAUSTED, error.message);
  if (error instanceof RegistryError)
    return new ServerError(REGISTRY_STATUS[error.code] ?? Status.INVALID_ARGUMENT, error.message);
  if (error instanceof OrchestratorError) return new ServerError(Status[error.code], error.message);
  if (error instanceof PkiError)
    return new ServerError(PKI_STATUS[error.code] ?? Status.INTERNAL, error.message);
  return new ServerError(Status.INTERNAL, error instanceof Error ? error.message : String(error));
}

/** Wraps a handler so every error leaves through {@link toServerError}. */
export const guarded = errorBoundary(toServerError);
