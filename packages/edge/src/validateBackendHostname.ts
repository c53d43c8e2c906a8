import { fail, requireHostname, type Subject } from './hostnameSyntax.js';
import { internalSuffix } from './internalHostname.js';

/**
 * Returns `hostname` lowercased if it is a valid hostname with at least one
 * label in front of `.svc.mcp.<zone>`, e.g. `api.svc.mcp.metacircular.net`
 * for zone `metacircular.net`. The edge only ever forwards to internal names.
 *
 * @throws EdgeError `INVALID_ZONE` for a bad zone (checked first); `INVALID_HOSTNAME` for a malformed name;
 *   `BACKEND_HOSTNAME_NOT_INTERNAL` for a name not under `svc.mcp.<zone>`.
 */
export function validateBackendHostname(hostname: string, zone: string): string {
  return checkBackendHostname(hostname, internalSuffix(zone), { text: 'backend hostname' });
}

/** The rule itself, for callers that already hold the validated suffix and want their own message subject. */
export function checkBackendHostname(hostname: unknown, suffix: string, subject: Subject): string {
  const name = requireHostname(hostname, subject, 'INVALID_HOSTNAME');
  if (name.endsWith(`.${suffix}`)) return name;
  throw fail(
    'BACKEND_HOSTNAME_NOT_INTERNAL',
    subject,
    hostname,
    `is not under ${suffix}; backends must be internal names like <component>.${suffix}`,
  );
}
