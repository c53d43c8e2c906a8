import { mapErrors, type ErrorMapping } from '@mcp/daemon-kit';
import { EdgeError } from '@mcp/edge';
import { SpecError } from '@mcp/spec';
import { Status } from 'nice-grpc';
import { CertificateError } from '../certs/CertificateError.js';
import { ProxyError } from '../proxy/ProxyError.js';
import { RuntimeError } from '../runtime/RuntimeError.js';

/**
 * What each error code means for the agent's callers. Every table is
 * complete, so a new code does not compile until it is given a meaning;
 * `'fault'` marks the agent's own faults (answered INTERNAL with an error
 * id, details in its log). Deploy failures mostly travel as failed steps,
 * not statuses; these cover what escapes a handler.
 */
export const AGENT_ERROR_MAPPINGS: readonly ErrorMapping[] = [
  mapErrors(SpecError, {
    SYNTAX: Status.INVALID_ARGUMENT,
    INVALID: Status.INVALID_ARGUMENT,
    READ_FAILED: 'fault',
    CORRUPT_RECORD: Status.FAILED_PRECONDITION,
  }),
  mapErrors(ProxyError, {
    UNREACHABLE: Status.UNAVAILABLE,
    REJECTED: 'fault',
    UNSUPPORTED: Status.FAILED_PRECONDITION,
  }),
  mapErrors(RuntimeError, {
    COMMAND_FAILED: Status.UNAVAILABLE,
    PULL_FAILED: Status.FAILED_PRECONDITION,
    NOT_FOUND: Status.NOT_FOUND,
    BAD_OUTPUT: 'fault',
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
    DUPLICATE_ROUTE: Status.INVALID_ARGUMENT,
    NO_BACKEND_ADDRESS: Status.FAILED_PRECONDITION,
    BACKEND_ADDRESS_NOT_ALLOWED: Status.FAILED_PRECONDITION,
    NO_EDGE_NODE: Status.FAILED_PRECONDITION,
    INVALID_ALLOWED_DOMAIN: 'fault',
    INVALID_ZONE: 'fault',
    INVALID_CIDR: 'fault',
  }),
  mapErrors(CertificateError, {
    NOT_ISSUED: Status.UNAVAILABLE,
    STORAGE: 'fault',
  }),
];
