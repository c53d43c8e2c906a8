import { mapErrors, type ErrorMapping } from '@mcp/daemon-kit';
import { EdgeError } from '@mcp/edge';
import { HeartbeatError } from '@mcp/heartbeat';
import { PlacementError } from '@mcp/placement';
import { RegistryError } from '@mcp/registry';
import { SpecError } from '@mcp/spec';
import { Status } from 'nice-grpc';
import { DnsError } from '../dns/DnsError.js';
import { OrchestratorError } from '../deploy/OrchestratorError.js';
import { AgentIdentityError } from '../fleet/AgentIdentityError.js';
import { RateLimitedError } from '../fleet/RateLimitedError.js';
import { PkiError } from '../pki/PkiError.js';

/**
 * What each library's error codes mean for the master's callers. Every table
 * is complete, so a new code does not compile until it is given a meaning
 * here; `'fault'` marks the master's own faults (its configuration, its
 * state), answered INTERNAL with an error id and logged, never blamed on the
 * caller as INVALID_ARGUMENT.
 */
export const MASTER_ERROR_MAPPINGS: readonly ErrorMapping[] = [
  mapErrors(SpecError, {
    SYNTAX: Status.INVALID_ARGUMENT,
    INVALID: Status.INVALID_ARGUMENT,
    READ_FAILED: 'fault',
    CORRUPT_RECORD: Status.FAILED_PRECONDITION,
  }),
  mapErrors(RegistryError, {
    IDENTITY_MISMATCH: Status.PERMISSION_DENIED,
    NOT_ALLOWLISTED: Status.PERMISSION_DENIED,
    REGISTRY_FULL: Status.RESOURCE_EXHAUSTED,
    INVALID_NAME: Status.INVALID_ARGUMENT,
    INVALID_ROLE: Status.INVALID_ARGUMENT,
    INVALID_ARCH: Status.INVALID_ARGUMENT,
    INVALID_ADDRESS: Status.INVALID_ARGUMENT,
    INVALID_VERSION: Status.INVALID_ARGUMENT,
    INVALID_PROXY_PORT: Status.INVALID_ARGUMENT,
    ROLE_CHANGED: Status.FAILED_PRECONDITION,
    ROLE_CONFLICT: Status.FAILED_PRECONDITION,
    ADDRESS_IN_USE: Status.FAILED_PRECONDITION,
    UNKNOWN_NODE: Status.NOT_FOUND,
    DUPLICATE_NODE: 'fault',
    INVALID_OPTION: 'fault',
  }),
  mapErrors(PkiError, {
    POLICY_DENIED: Status.PERMISSION_DENIED,
    BAD_CSR: Status.INVALID_ARGUMENT,
    INVALID_CA: 'fault',
    INVALID_OPTION: 'fault',
  }),
  mapErrors(OrchestratorError, {
    NOT_DEPLOYED: Status.NOT_FOUND,
    NODE_NOT_REGISTERED: Status.FAILED_PRECONDITION,
    NO_REVISION: Status.FAILED_PRECONDITION,
  }),
  mapErrors(RateLimitedError, { RATE_LIMITED: Status.RESOURCE_EXHAUSTED }),
  mapErrors(HeartbeatError, {
    INVALID_RESTART: Status.INVALID_ARGUMENT,
    INVALID_OPTION: 'fault',
    INVALID_ARGUMENT: 'fault',
    UNKNOWN_KIND: 'fault',
  }),
  mapErrors(AgentIdentityError, {
    WRONG_NODE: Status.PERMISSION_DENIED,
    UNREACHABLE: Status.FAILED_PRECONDITION,
  }),
  mapErrors(PlacementError, {
    NO_ELIGIBLE_NODE: Status.FAILED_PRECONDITION,
    PINNED_NODE_UNKNOWN: Status.FAILED_PRECONDITION,
    PINNED_NODE_IS_EDGE: Status.FAILED_PRECONDITION,
    PINNED_NODE_UNHEALTHY: Status.FAILED_PRECONDITION,
    NO_MASTER_NODE: Status.FAILED_PRECONDITION,
    MASTER_NODE_UNHEALTHY: Status.FAILED_PRECONDITION,
    EXISTING_NODE_UNKNOWN: Status.FAILED_PRECONDITION,
    EXISTING_NODE_UNHEALTHY: Status.FAILED_PRECONDITION,
    INVALID_REQUEST: Status.INVALID_ARGUMENT,
    DUPLICATE_NODE: 'fault',
  }),
  mapErrors(EdgeError, {
    INVALID_HOSTNAME: Status.INVALID_ARGUMENT,
    HOSTNAME_NOT_ALLOWED: Status.INVALID_ARGUMENT,
    HOSTNAME_IS_INTERNAL: Status.INVALID_ARGUMENT,
    INVALID_COMPONENT: Status.INVALID_ARGUMENT,
    BACKEND_HOSTNAME_NOT_INTERNAL: Status.INVALID_ARGUMENT,
    INVALID_PORT: Status.INVALID_ARGUMENT,
    BACKEND_TLS_REQUIRED: Status.INVALID_ARGUMENT,
    INVALID_IP_ADDRESS: Status.INVALID_ARGUMENT,
    NO_BACKEND_ADDRESS: Status.FAILED_PRECONDITION,
    BACKEND_ADDRESS_NOT_ALLOWED: Status.FAILED_PRECONDITION,
    NO_EDGE_NODE: Status.FAILED_PRECONDITION,
    DUPLICATE_ROUTE: Status.INVALID_ARGUMENT,
    INVALID_ALLOWED_DOMAIN: 'fault',
    INVALID_ZONE: 'fault',
    INVALID_CIDR: 'fault',
  }),
  mapErrors(DnsError, {
    INVALID_NAME: Status.INVALID_ARGUMENT,
    INVALID_ADDRESS: Status.INVALID_ARGUMENT,
    REFUSED: Status.FAILED_PRECONDITION,
    NOT_AUTHORIZED: Status.FAILED_PRECONDITION,
    NOT_ZONE: Status.FAILED_PRECONDITION,
    UPDATE_FAILED: Status.UNAVAILABLE,
    UNREACHABLE: Status.UNAVAILABLE,
    TIMEOUT: Status.UNAVAILABLE,
    INVALID_OPTION: 'fault',
    INVALID_SECRET: 'fault',
    TOOL_FAILED: 'fault',
  }),
];
