import { isIPv4, isIPv6 } from 'node:net';

/** Whether `text` is an IPv4 (`100.64.0.0/10`) or IPv6 (`fd00::/8`) CIDR block. */
export function isCidr(text: string): boolean {
  const [address = '', prefix, ...rest] = text.split('/');
  if (prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return false;
  if (isIPv4(address)) return Number(prefix) <= 32;
  return isIPv6(address) && Number(prefix) <= 128;
}
