import { isIP } from 'node:net';
import { DnsError } from './DnsError.js';
import { normalizeDnsName } from './normalizeDnsName.js';

/** Where DNS updates are sent. */
export interface ServerAddress {
  host: string;
  port: number;
}

/**
 * Reads `host:port`, `[ipv6]:port`, or a host alone (IPv4, IPv6 or a name)
 * for port 53.
 *
 * @throws DnsError `INVALID_OPTION` naming the value when it is none of these.
 */
export function parseServerAddress(server: string): ServerAddress {
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(server) ?? /^([^:]*)(?::(\d+))?$/.exec(server);
  // More than one colon without brackets can only be a bare IPv6 address.
  const [host, port] = match ? [match[1] ?? '', match[2]] : [server, undefined];
  const portNumber = port === undefined ? 53 : Number(port);
  const hostOk = isIP(host) !== 0 ? !host.includes('%') : normalizeDnsName(host) !== undefined;
  if (!hostOk || !Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    throw new DnsError('INVALID_OPTION', `DNS server "${server}" is not host:port`);
  }
  return { host, port: portNumber };
}
