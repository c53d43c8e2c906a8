import { quote } from './quote.js';
import { RegistryError } from './RegistryError.js';

const HOST_RULE = 'host must be an IPv4 address, an IPv6 address in brackets or a DNS hostname';

/** A node address taken apart. `host` is without brackets for IPv6. */
export interface ParsedAddress {
  readonly host: string;
  readonly port: number;
  readonly kind: 'ipv4' | 'ipv6' | 'dns';
}

/**
 * Parses `host:port`, where host is an IPv4 address (`100.64.0.2`), an IPv6
 * address in brackets (`[fd7a::1]`) or a DNS hostname (`rift.tailnet.ts.net`),
 * and port is 1–65535 without leading zeros. Nothing is trimmed or resolved.
 *
 * @throws RegistryError `INVALID_ADDRESS` whose message says what is wrong,
 *   e.g. `address: must be host:port, got "foo"`.
 */
export function parseAddress(address: string): ParsedAddress {
  function fail(why: string): never {
    throw new RegistryError('INVALID_ADDRESS', `address: ${why}, got ${quote(address)}`, 'address');
  }
  if (typeof address !== 'string' || address === '') fail('must be host:port');
  if (/\s/.test(address)) fail('must be host:port without spaces');
  let host: string;
  let portText: string;
  let kind: ParsedAddress['kind'];
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0) fail('an IPv6 host needs its closing "]"');
    host = address.slice(1, close);
    if (!isIPv6(host)) fail('host must be a valid IPv6 address inside the brackets');
    if (address[close + 1] !== ':') fail('must be host:port; the port is missing');
    portText = address.slice(close + 2);
    kind = 'ipv6';
  } else {
    const colon = address.lastIndexOf(':');
    if (colon < 0) fail('must be host:port');
    host = address.slice(0, colon);
    portText = address.slice(colon + 1);
    if (host.includes(':')) {
      fail(
        isIPv6(host) || isIPv6(address) ? 'an IPv6 host must be in brackets, as in [::1]:9444' : HOST_RULE,
      );
    }
    if (host === '') fail('must be host:port; the host is missing');
    if (/^[0-9.]+$/.test(host)) {
      if (!isIPv4(host)) fail('host must be a valid IPv4 address');
      kind = 'ipv4';
    } else {
      if (!isHostname(host))
        fail('host must be an IPv4 address, an IPv6 address in brackets or a DNS hostname');
      kind = 'dns';
    }
  }
  if (!/^[1-9][0-9]{0,4}$/.test(portText) || Number(portText) > 65535) {
    fail(
      portText === '' ? 'must be host:port; the port is missing' : 'port must be a number from 1 to 65535',
    );
  }
  return { host, port: Number(portText), kind };
}

function isIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(host: string): boolean {
  let text = host;
  if (text.includes('.')) {
    // An embedded IPv4 tail (::ffff:100.64.0.2) stands for the last two groups.
    const at = text.lastIndexOf(':');
    if (at < 0 || !isIPv4(text.slice(at + 1))) return false;
    text = `${text.slice(0, at + 1)}0:0`;
  }
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return false;
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const groups =
    gap < 0 ? groupsOf(text) : [...groupsOf(text.slice(0, gap)), ...groupsOf(text.slice(gap + 2))];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return gap < 0 ? groups.length === 8 : groups.length <= 7;
}

function isHostname(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  // An all-numeric last label would read as a malformed IPv4 address.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return false;
  return labels.every((l) => /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(l));
}
