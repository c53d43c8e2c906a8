import { EdgeError, parseIpAddress } from '@mcp/edge';

/** The host part of a `host:port` address, and its canonical IP address if it is one. */
export function nodeHost(address: string): { host: string; ip: string | undefined } {
  const host = address.startsWith('[')
    ? address.slice(1, address.indexOf(']'))
    : address.slice(0, address.lastIndexOf(':'));
  try {
    return { host, ip: parseIpAddress(host).text };
  } catch (error) {
    if (!(error instanceof EdgeError)) throw error;
    return { host, ip: undefined };
  }
}
