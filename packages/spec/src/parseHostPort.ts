import { isIPv4, isIPv6 } from 'node:net';
import { isDnsName } from '@mcp/names';
import { SpecError } from './SpecError.js';

/** An address split into host and port; IPv6 hosts are given without brackets. */
export interface HostPort {
  host: string;
  port: number;
}

/** The message for a string that is not `host:port`. */
export const HOST_PORT_FORMAT = 'must be "host:port" (IPv4, [IPv6] or hostname; port 1-65535)';

/**
 * Splits `"host:port"`, where host is an IPv4 address, a bracketed IPv6
 * address (`[::1]:9444`) or a hostname, and port is 1-65535.
 *
 * @throws SpecError (`INVALID`) when `text` is not such an address.
 */
export function parseHostPort(text: string): HostPort {
  const address = tryParseHostPort(text);
  if (address === undefined) {
    throw new SpecError('INVALID', [
      { path: '', message: `${HOST_PORT_FORMAT}, got ${JSON.stringify(text)}` },
    ]);
  }
  return address;
}

/** Like `parseHostPort`, but answers `undefined` instead of throwing. */
export function tryParseHostPort(text: string): HostPort | undefined {
  const colon = text.lastIndexOf(':');
  if (colon === -1 || !/^\d{1,5}$/.test(text.slice(colon + 1))) return undefined;
  const port = Number(text.slice(colon + 1));
  const host = text.slice(0, colon);
  if (port < 1 || port > 65535 || !isHost(host)) return undefined;
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port };
}

/** Whether `host` is an IPv4 address, a bracketed IPv6 address or a hostname. */
export function isHost(host: string): boolean {
  if (host.startsWith('[') && host.endsWith(']')) return isIPv6(host.slice(1, -1));
  // All digits and dots: it must be an IPv4 address, not a "hostname" 300.1.1.1.
  if (/^[\d.]+$/.test(host)) return isIPv4(host);
  return isDnsName(host.toLowerCase());
}
