import { requireHostname } from './hostnameSyntax.js';

/**
 * Returns `hostname` lowercased, after checking it is a plain DNS hostname:
 * ASCII only (IDNs must arrive as `xn--` labels), at most 253 characters, no
 * trailing dot, no wildcard, labels of 1–63 characters from `a-z0-9-` that
 * neither start nor end with a hyphen, and a last label that is not all
 * digits.
 *
 * @throws EdgeError `INVALID_HOSTNAME`, with a message that names the problem.
 */
export function normalizeHostname(hostname: string): string {
  return requireHostname(hostname, { text: 'hostname' }, 'INVALID_HOSTNAME');
}
