import { parseCidr, type Cidr } from './parseCidr.js';
import { isIPv4Mapped, mapIPv4, parseIpAddress, type IpAddress } from './parseIpAddress.js';

/**
 * Whether `ip` lies inside any of `cidrs`. An IPv4-mapped IPv6 address
 * (`::ffff:100.64.1.2`) matches IPv4 CIDRs as the IPv4 address it carries,
 * and an IPv4 address matches IPv6 CIDRs as its mapped form; no other
 * translation (NAT64, 6to4) is applied. Pass `Cidr`s from `validateCidrs` to
 * skip re-parsing.
 *
 * @throws EdgeError `INVALID_IP_ADDRESS` for a malformed `ip`; `INVALID_CIDR` for a malformed CIDR string.
 */
export function isAddressInCidrs(ip: string, cidrs: readonly (string | Cidr)[]): boolean {
  const address = parseIpAddress(ip);
  const parsed = cidrs.map((cidr) => (typeof cidr === 'string' ? parseCidr(cidr) : cidr));
  return parsed.some((cidr) => cidrContains(cidr, address));
}

/** Whether `address` lies inside `cidr`, across families as `isAddressInCidrs` describes. */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  let value = address.value;
  if (address.family !== cidr.family) {
    if (address.family === 6 && isIPv4Mapped(value)) value &= 0xffffffffn;
    else if (address.family === 4) value = mapIPv4(value);
    else return false;
  }
  const hostBits = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return value >> hostBits === cidr.network >> hostBits;
}
