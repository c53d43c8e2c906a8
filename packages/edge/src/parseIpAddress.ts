import { EdgeError } from './EdgeError.js';
import { quote } from './hostnameSyntax.js';

/** A parsed IP address. */
export interface IpAddress {
  readonly family: 4 | 6;
  /** The address as an unsigned integer of 32 (IPv4) or 128 (IPv6) bits. */
  readonly value: bigint;
  /** Canonical text: dotted decimal, or RFC 5952 for IPv6 (`::ffff:a.b.c.d` for IPv4-mapped). */
  readonly text: string;
}

// No leading zeros: inet_aton reads "010" as octal 8, so such text is ambiguous.
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const MAPPED_PREFIX = 0xffffn << 32n;

/**
 * Parses an IPv4 address in strict dotted decimal (four parts, no leading
 * zeros) or an IPv6 address in RFC 4291 text form, including `::` and a
 * trailing dotted IPv4 part. Zone indices (`%eth0`), brackets and CIDR
 * suffixes are refused.
 *
 * @throws EdgeError `INVALID_IP_ADDRESS` if `ip` is neither.
 */
export function parseIpAddress(ip: string): IpAddress {
  if (typeof ip === 'string') {
    const v4 = parseIPv4(ip);
    if (v4 !== undefined) return { family: 4, value: v4, text: formatIp(4, v4) };
    const v6 = parseIPv6(ip);
    if (v6 !== undefined) return { family: 6, value: v6, text: formatIp(6, v6) };
  }
  const shown = typeof ip === 'string' ? quote(ip) : `of type ${typeof ip}`;
  throw new EdgeError('INVALID_IP_ADDRESS', `${shown} is not an IPv4 or IPv6 address`);
}

/** Whether a 128-bit value is an IPv4-mapped IPv6 address (`::ffff:0:0/96`). */
export function isIPv4Mapped(value: bigint): boolean {
  return value >> 32n === 0xffffn;
}

/** The IPv4-mapped IPv6 form of a 32-bit IPv4 value. */
export function mapIPv4(value: bigint): bigint {
  return MAPPED_PREFIX | value;
}

/** Canonical text for an address value of the given family. */
export function formatIp(family: 4 | 6, value: bigint): string {
  return family === 4 ? formatIPv4(value) : formatIPv6(value);
}

function parseIPv4(text: string): bigint | undefined {
  if (!IPV4.test(text)) return undefined;
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(part), 0n);
}

function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0]!, false);
    const tail = parseGroups(halves[1]!, true);
    // "::" stands for at least one group of zeros.
    if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseGroups(text, true);
    if (all?.length !== 8) return undefined;
    groups = all;
  }
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

/** Colon-separated hex groups; the last may be dotted IPv4 (two groups) when `last` says this part ends the address. */
function parseGroups(part: string, last: boolean): number[] | undefined {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (HEX_GROUP.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else if (last && i === pieces.length - 1) {
      const v4 = parseIPv4(piece);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else {
      return undefined;
    }
  }
  return groups;
}

function formatIPv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952: lowercase, no leading zeros, the longest run (first on a tie) of two or more zero groups as "::". */
function formatIPv6(value: bigint): string {
  if (isIPv4Mapped(value)) return `::ffff:${formatIPv4(value & 0xffffffffn)}`;
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
