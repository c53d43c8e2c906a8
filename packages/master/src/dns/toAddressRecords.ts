import { isIPv4, isIPv6 } from 'node:net';
import { DnsError } from './DnsError.js';

/** One record to add: A for an IPv4 address, AAAA for IPv6. */
export interface AddressRecord {
  type: 'A' | 'AAAA';
  address: string;
}

/**
 * The records for a list of addresses, by address family, duplicates
 * dropped and the order kept.
 *
 * @throws DnsError `INVALID_ADDRESS` for an empty list or anything but a
 *   plain IPv4 or IPv6 address (an IPv6 zone index `%eth0` included).
 */
export function toAddressRecords(addresses: readonly string[]): AddressRecord[] {
  if (addresses.length === 0) {
    throw new DnsError('INVALID_ADDRESS', 'at least one address is needed (use deleteA to remove a name)');
  }
  const records = new Map<string, AddressRecord>();
  for (const address of addresses) {
    const type = isIPv4(address) ? 'A' : isIPv6(address) && !address.includes('%') ? 'AAAA' : undefined;
    if (type === undefined) {
      throw new DnsError('INVALID_ADDRESS', `"${address}" is not an IPv4 or IPv6 address`);
    }
    records.set(address.toLowerCase(), { type, address: address.toLowerCase() });
  }
  return [...records.values()];
}
