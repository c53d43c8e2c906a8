import { fail, requireHostname, type Subject } from './hostnameSyntax.js';
import { internalSuffix } from './internalHostname.js';
import { validateAllowedDomains } from './validateAllowedDomains.js';

/** Extra rules for public hostnames. */
export interface PublicHostnameOptions {
  /** When set, names under `svc.mcp.<zone>` are refused: internal names never go on edge certificates. Default: unset (no such check). */
  readonly zone?: string | undefined;
}

/**
 * Returns `hostname` lowercased if it is a valid hostname (see
 * `normalizeHostname`) that equals one of `allowedDomains` or ends with `.`
 * plus one of them. The match is by whole labels: with `metacircular.net`
 * allowed, `a.metacircular.net` passes and `evilmetacircular.net` does not.
 *
 * @throws EdgeError `INVALID_ALLOWED_DOMAIN` or `INVALID_ZONE` for bad configuration (checked first);
 *   `INVALID_HOSTNAME` for a malformed name; `HOSTNAME_IS_INTERNAL` for an internal name when `options.zone` is set;
 *   `HOSTNAME_NOT_ALLOWED` for a name under no allowed domain.
 */
export function validatePublicHostname(
  hostname: string,
  allowedDomains: readonly string[],
  options: PublicHostnameOptions = {},
): string {
  const domains = validateAllowedDomains(allowedDomains);
  const suffix = options.zone === undefined ? undefined : internalSuffix(options.zone);
  return checkPublicHostname(hostname, domains, suffix, { text: 'hostname' });
}

/**
 * The rule itself, for callers that already hold validated (lowercase)
 * domains and suffix and want their own message subject.
 */
export function checkPublicHostname(
  hostname: unknown,
  domains: readonly string[],
  internal: string | undefined,
  subject: Subject,
): string {
  const name = requireHostname(hostname, subject, 'INVALID_HOSTNAME');
  if (internal !== undefined && isAtOrUnder(name, internal)) {
    throw fail(
      'HOSTNAME_IS_INTERNAL',
      subject,
      hostname,
      `is an internal name (under ${internal}); internal names never go on edge certificates`,
    );
  }
  if (domains.some((domain) => isAtOrUnder(name, domain))) return name;
  const allowed = domains.length === 0 ? 'none configured' : domains.join(', ');
  throw fail('HOSTNAME_NOT_ALLOWED', subject, hostname, `is not under an allowed domain (${allowed})`);
}

/** Whether `name` is `domain` or a name below it; both lowercase and valid, so this is a label-wise match. */
export function isAtOrUnder(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}
