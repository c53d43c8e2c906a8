import { EdgeError } from './EdgeError.js';
import { quote } from './hostnameSyntax.js';
import { cidrContains } from './isAddressInCidrs.js';
import { parseCidr, type Cidr } from './parseCidr.js';
import { parseIpAddress } from './parseIpAddress.js';
import { DEFAULT_BACKEND_CIDRS } from './defaults.js';

/**
 * The edge agent's check after it resolves a backend hostname: there must be
 * at least one address and every one must lie inside `allowedCidrs` (as
 * `isAddressInCidrs` matches). All, not any: a resolver answer that mixes in
 * one outside address could otherwise steer traffic there. Returns the
 * addresses in canonical text, in input order.
 *
 * @throws EdgeError `NO_BACKEND_ADDRESS` for an empty list; `INVALID_IP_ADDRESS` or `INVALID_CIDR` for malformed input;
 *   `BACKEND_ADDRESS_NOT_ALLOWED` naming the first address outside the CIDRs.
 */
export function validateBackendAddresses(
  backendHostname: string,
  addresses: readonly string[],
  allowedCidrs: readonly (string | Cidr)[] = DEFAULT_BACKEND_CIDRS,
): string[] {
  const cidrs = allowedCidrs.map((cidr) => (typeof cidr === 'string' ? parseCidr(cidr) : cidr));
  if (addresses.length === 0) {
    throw new EdgeError('NO_BACKEND_ADDRESS', `backend ${quote(backendHostname)} resolved to no address`);
  }
  return addresses.map((ip) => {
    const address = parseIpAddress(ip);
    if (!cidrs.some((cidr) => cidrContains(cidr, address))) {
      const allowed = cidrs.length === 0 ? 'none configured' : cidrs.map((c) => c.text).join(', ');
      throw new EdgeError(
        'BACKEND_ADDRESS_NOT_ALLOWED',
        `backend ${quote(backendHostname)} resolves to ${address.text}, outside the allowed CIDRs (${allowed})`,
      );
    }
    return address.text;
  });
}
