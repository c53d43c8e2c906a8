import { EdgeError } from './EdgeError.js';
import { quote } from './hostnameSyntax.js';
import { formatIp, parseIpAddress, type IpAddress } from './parseIpAddress.js';

/** A parsed CIDR block. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The network address as an unsigned integer; its host bits are zero. */
  readonly network: bigint;
  /** Prefix length: 0–32 for IPv4, 0–128 for IPv6. */
  readonly prefix: number;
  /** Canonical text, e.g. `100.64.0.0/10` or `fd7a:115c:a1e0::/48`. */
  readonly text: string;
}

/**
 * Parses `address/prefix`, e.g. `100.64.0.0/10`, `fd7a:115c:a1e0::/48` or
 * `::1/128`. The address follows `parseIpAddress`; the prefix is decimal
 * without leading zeros. Host bits must be zero: `100.64.1.0/10` is refused
 * (with the network it probably meant), as it usually hides a typo.
 *
 * @throws EdgeError `INVALID_CIDR` for a missing or malformed prefix, a prefix out of range, a bad address, or host bits set.
 */
export function parseCidr(cidr: string): Cidr {
  if (typeof cidr !== 'string')
    throw new EdgeError('INVALID_CIDR', `CIDR must be a string, got ${typeof cidr}`);
  const slash = cidr.indexOf('/');
  if (slash < 0) throw invalid(cidr, 'has no /prefix length');
  let address: IpAddress;
  try {
    address = parseIpAddress(cidr.slice(0, slash));
  } catch (error) {
    throw invalid(cidr, 'does not start with an IPv4 or IPv6 address', error);
  }
  const prefixText = cidr.slice(slash + 1);
  if (!/^(?:0|[1-9][0-9]*)$/.test(prefixText))
    throw invalid(cidr, 'has a prefix length that is not a number');
  const prefix = Number(prefixText);
  const bits = address.family === 4 ? 32 : 128;
  if (prefix > bits) {
    throw invalid(cidr, `has prefix length ${prefix}, out of range for IPv${address.family} (0–${bits})`);
  }
  const hostBits = BigInt(bits - prefix);
  const network = (address.value >> hostBits) << hostBits;
  if (network !== address.value) {
    const meant = formatIp(address.family, network);
    throw invalid(cidr, `has host bits set; did you mean ${meant}/${prefix}?`);
  }
  return { family: address.family, network, prefix, text: `${address.text}/${prefix}` };
}

function invalid(cidr: string, reason: string, cause?: unknown): EdgeError {
  return new EdgeError('INVALID_CIDR', `CIDR ${quote(cidr)} ${reason}`, { cause });
}
