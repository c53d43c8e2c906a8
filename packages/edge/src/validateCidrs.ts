import { EdgeError } from './EdgeError.js';
import { parseCidr, type Cidr } from './parseCidr.js';

/**
 * Parses a configured CIDR list, e.g. the allowed backend CIDRs, so a typo
 * fails at startup rather than at the first edge route. An empty list is
 * valid and matches nothing.
 *
 * @throws EdgeError `INVALID_CIDR` naming the first bad entry, or if `cidrs` is not a list.
 */
export function validateCidrs(cidrs: readonly string[]): Cidr[] {
  // Config arrives untyped at runtime; narrowing a copy keeps `cidrs` typed.
  const list: unknown = cidrs;
  if (!Array.isArray(list))
    throw new EdgeError('INVALID_CIDR', 'CIDRs must be a list like ["100.64.0.0/10"]');
  return cidrs.map((cidr) => parseCidr(cidr));
}
