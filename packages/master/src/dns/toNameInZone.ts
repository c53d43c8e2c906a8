import { DnsError } from './DnsError.js';
import { normalizeDnsName } from './normalizeDnsName.js';

/**
 * The canonical form of `name` (see `normalizeDnsName`) after checking that
 * it lies strictly below `zone` (itself canonical): the apex and names
 * outside the zone are not the provider's to change.
 *
 * @throws DnsError `INVALID_NAME`, naming the name and the zone.
 */
export function toNameInZone(name: string, zone: string): string {
  const canonical = normalizeDnsName(name);
  if (canonical === undefined) {
    throw new DnsError('INVALID_NAME', `"${name}" is not a valid DNS name`);
  }
  if (!canonical.endsWith(`.${zone}`)) {
    throw new DnsError('INVALID_NAME', `${canonical} is not inside the DNS zone ${zone}`);
  }
  return canonical;
}
