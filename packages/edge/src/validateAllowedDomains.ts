import { EdgeError } from './EdgeError.js';
import { requireHostname } from './hostnameSyntax.js';

/**
 * Checks the configured public domains and returns them lowercased, without
 * duplicates, in their first-seen order. Each must be a valid hostname by
 * the rules of `normalizeHostname` (so no wildcards: `metacircular.net`
 * already covers every name under it). An empty list is valid and allows
 * nothing.
 *
 * @throws EdgeError `INVALID_ALLOWED_DOMAIN` (a config error) naming the bad domain.
 */
export function validateAllowedDomains(allowedDomains: readonly string[]): string[] {
  // Config arrives untyped at runtime; narrowing a copy keeps `allowedDomains` typed.
  const list: unknown = allowedDomains;
  if (!Array.isArray(list)) {
    throw new EdgeError('INVALID_ALLOWED_DOMAIN', 'allowed domains must be a list of domain names');
  }
  const seen = new Set<string>();
  for (const domain of allowedDomains) {
    seen.add(requireHostname(domain, { text: 'allowed domain' }, 'INVALID_ALLOWED_DOMAIN'));
  }
  return [...seen];
}
