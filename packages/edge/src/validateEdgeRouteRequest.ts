import { EdgeError } from './EdgeError.js';
import { internalSuffix } from './internalHostname.js';
import type { EdgeRouteRequest, EdgeRouteRules, ValidEdgeRouteRequest } from './types.js';
import { validateAllowedDomains } from './validateAllowedDomains.js';
import { checkBackendHostname } from './validateBackendHostname.js';
import { checkPublicHostname } from './validatePublicHostname.js';

/**
 * Applies every rule for a SetupEdgeRoute request and returns it normalized:
 * - `hostname` is a valid name under an allowed domain and not an internal
 *   `svc.mcp.<zone>` name (internal names never go on edge certificates);
 * - `backend_hostname` is a valid name under `svc.mcp.<zone>`;
 * - `backend_port` is a whole number from 1 to 65535;
 * - `backend_tls` is `true`.
 * Checks run in that order and the first failure throws. Messages start
 * with the wire field name (`backend_port: …`) and the error's `field` is set.
 *
 * @throws EdgeError `INVALID_ALLOWED_DOMAIN` or `INVALID_ZONE` for bad rules (checked first, no `field`);
 *   `INVALID_HOSTNAME`, `HOSTNAME_IS_INTERNAL`, `HOSTNAME_NOT_ALLOWED` for `hostname`;
 *   `INVALID_HOSTNAME`, `BACKEND_HOSTNAME_NOT_INTERNAL` for `backend_hostname`;
 *   `INVALID_PORT` for `backend_port`; `BACKEND_TLS_REQUIRED` for `backend_tls`.
 */
export function validateEdgeRouteRequest(
  request: EdgeRouteRequest,
  rules: EdgeRouteRules,
): ValidEdgeRouteRequest {
  const domains = validateAllowedDomains(rules.allowedDomains);
  const suffix = internalSuffix(rules.zone);
  const hostname = checkPublicHostname(request.hostname, domains, suffix, {
    text: 'hostname:',
    field: 'hostname',
  });
  const backendHostname = checkBackendHostname(request.backendHostname, suffix, {
    text: 'backend_hostname:',
    field: 'backend_hostname',
  });
  const port = request.backendPort;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    const got = typeof port === 'number' ? String(port) : `a ${typeof port}`;
    throw new EdgeError('INVALID_PORT', `backend_port: must be a whole number from 1 to 65535, got ${got}`, {
      field: 'backend_port',
    });
  }
  // Anything but a literal true is refused: a missing proto3 bool reads as false.
  if (request.backendTls !== true) {
    throw new EdgeError(
      'BACKEND_TLS_REQUIRED',
      'backend_tls: must be true; the edge never talks plaintext to a backend',
      {
        field: 'backend_tls',
      },
    );
  }
  return { hostname, backendHostname, backendPort: port, backendTls: true };
}
