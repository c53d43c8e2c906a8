import { describe, expect, it } from '@jest/globals';
import { parseCidr } from './parseCidr.js';
import { catchEdgeError } from './testing/catchEdgeError.js';

describe('parseCidr', () => {
  it.each<[string, 4 | 6, bigint, number, string]>([
    ['100.64.0.0/10', 4, 0x64400000n, 10, '100.64.0.0/10'],
    ['0.0.0.0/0', 4, 0n, 0, '0.0.0.0/0'],
    ['100.64.1.2/32', 4, 0x64400102n, 32, '100.64.1.2/32'],
    ['fd7a:115c:a1e0::/48', 6, 0xfd7a115ca1e0n << 80n, 48, 'fd7a:115c:a1e0::/48'],
    ['FD7A:115C:A1E0:0:0:0:0:0/48', 6, 0xfd7a115ca1e0n << 80n, 48, 'fd7a:115c:a1e0::/48'],
    ['::1/128', 6, 1n, 128, '::1/128'],
    ['::/0', 6, 0n, 0, '::/0'],
    ['::ffff:100.64.0.0/106', 6, 0xffff64400000n, 106, '::ffff:100.64.0.0/106'],
  ])('parses %s', (text, family, network, prefix, canonical) => {
    expect(parseCidr(text)).toEqual({ family, network, prefix, text: canonical });
  });

  it.each<[unknown, string]>([
    ['100.64.0.0', 'has no /prefix length'],
    ['100.64.0.0/', 'not a number'],
    ['100.64.0.0/010', 'not a number'],
    ['100.64.0.0/+10', 'not a number'],
    ['100.64.0.0/1e1', 'not a number'],
    ['100.64.0.0/10/10', 'not a number'],
    ['100.64.0.0/33', 'has prefix length 33, out of range for IPv4 (0–32)'],
    ['::/129', 'has prefix length 129, out of range for IPv6 (0–128)'],
    ['::/1000', 'has prefix length 1000, out of range'],
    ['100.64.0/10', 'does not start with an IPv4 or IPv6 address'],
    ['/10', 'does not start with an IPv4 or IPv6 address'],
    ['100.64.1.0/10', 'has host bits set; did you mean 100.64.0.0/10?'],
    ['fd7a:115c:a1e0::1/48', 'did you mean fd7a:115c:a1e0::/48?'],
    [10, 'CIDR must be a string, got number'],
  ])('refuses %j', (text, message) => {
    const error = catchEdgeError(() => parseCidr(text as string));
    expect(error.code).toBe('INVALID_CIDR');
    expect(error.message).toContain(message);
  });

  it('keeps the address error as its cause', () => {
    const error = catchEdgeError(() => parseCidr('nope/8'));
    expect(
      catchEdgeError(() => {
        throw error.cause;
      }).code,
    ).toBe('INVALID_IP_ADDRESS');
  });
});
