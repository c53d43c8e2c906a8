import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_BACKEND_CIDRS } from './defaults.js';
import { isAddressInCidrs } from './isAddressInCidrs.js';
import { parseCidr } from './parseCidr.js';
import { catchEdgeError } from './testing/catchEdgeError.js';

const tailnet = ['100.64.0.0/10', 'fd7a:115c:a1e0::/48'];

describe('isAddressInCidrs', () => {
  it.each<[string, readonly string[], boolean]>([
    ['100.64.0.0', DEFAULT_BACKEND_CIDRS, true],
    ['100.64.1.2', DEFAULT_BACKEND_CIDRS, true],
    ['100.127.255.255', DEFAULT_BACKEND_CIDRS, true],
    ['100.128.0.0', DEFAULT_BACKEND_CIDRS, false],
    ['100.63.255.255', DEFAULT_BACKEND_CIDRS, false],
    ['10.0.0.1', DEFAULT_BACKEND_CIDRS, false],
    ['127.0.0.1', DEFAULT_BACKEND_CIDRS, false],
    ['::ffff:100.64.1.2', DEFAULT_BACKEND_CIDRS, true],
    ['::FFFF:6440:102', DEFAULT_BACKEND_CIDRS, true],
    ['::ffff:127.0.0.1', DEFAULT_BACKEND_CIDRS, false],
    ['::100.64.1.2', DEFAULT_BACKEND_CIDRS, false],
    ['64:ff9b::100.64.1.2', DEFAULT_BACKEND_CIDRS, false],
    ['fd7a:115c:a1e0::1', tailnet, true],
    ['fd7a:115c:a1e0:ffff:ffff:ffff:ffff:ffff', tailnet, true],
    ['fd7a:115c:a1e1::1', tailnet, false],
    ['fd7a:115c:a1e0::1', DEFAULT_BACKEND_CIDRS, false],
    ['::1', ['::1/128'], true],
    ['::2', ['::1/128'], false],
    ['::1', ['127.0.0.0/8'], false],
    ['8.8.8.8', ['0.0.0.0/0'], true],
    ['2001:db8::1', ['0.0.0.0/0'], false],
    ['100.64.1.2', ['::ffff:100.64.0.0/106'], true],
    ['100.128.1.2', ['::ffff:100.64.0.0/106'], false],
    ['100.64.1.2', ['::/0'], true],
    ['100.64.1.2', [], false],
  ])('%s in %j → %s', (ip, cidrs, inside) => {
    expect(isAddressInCidrs(ip, cidrs)).toBe(inside);
  });

  it('accepts parsed CIDRs', () => {
    expect(isAddressInCidrs('100.64.9.9', [parseCidr('100.64.0.0/10')])).toBe(true);
  });

  it.each<[string, string[], string]>([
    ['100.64.1', DEFAULT_BACKEND_CIDRS as string[], 'INVALID_IP_ADDRESS'],
    ['fe80::1%eth0', ['fe80::/10'], 'INVALID_IP_ADDRESS'],
    ['100.64.1.2', ['100.64.0.0/40'], 'INVALID_CIDR'],
    ['100.64.1.2', ['100.64.0.0'], 'INVALID_CIDR'],
  ])('refuses %s with %j', (ip, cidrs, code) => {
    expect(catchEdgeError(() => isAddressInCidrs(ip, cidrs)).code).toBe(code);
  });
});

describe('isAddressInCidrs properties', () => {
  const v4Text = (v: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
  const v6Text = (v: bigint): string =>
    Array.from({ length: 8 }, (_, i) => ((v >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');

  const families = [
    { bits: 32, text: v4Text, cidr: (n: bigint, p: number) => `${v4Text(n)}/${p}` },
    { bits: 128, text: v6Text, cidr: (n: bigint, p: number) => `${v6Text(n)}/${p}` },
  ];

  it.each(families)(
    'an address built from a /p network matches it; flipping a bit inside the prefix never does (%#)',
    (family) => {
      const max = (1n << BigInt(family.bits)) - 1n;
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max }),
          fc.bigInt({ min: 0n, max }),
          fc.nat(family.bits),
          fc.nat(family.bits - 1),
          (seed, host, prefix, bit) => {
            const hostBits = BigInt(family.bits - prefix);
            const network = (seed >> hostBits) << hostBits;
            const address = network | (host & ((1n << hostBits) - 1n));
            const cidr = family.cidr(network, prefix);
            expect(isAddressInCidrs(family.text(address), [cidr])).toBe(true);
            fc.pre(prefix > 0);
            // Bit positions count from the top: bit b < prefix sits inside the network part.
            const flipped = address ^ (1n << BigInt(family.bits - 1 - (bit % prefix)));
            expect(isAddressInCidrs(family.text(flipped), [cidr])).toBe(false);
          },
        ),
        { numRuns: 2000 },
      );
    },
  );

  it('an IPv4-mapped address matches exactly the IPv4 CIDRs its IPv4 address matches', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 0xffffffffn }),
        fc.nat(32),
        fc.bigInt({ min: 0n, max: 0xffffffffn }),
        (ip, prefix, seed) => {
          const hostBits = BigInt(32 - prefix);
          const cidr = `${v4Text((seed >> hostBits) << hostBits)}/${prefix}`;
          expect(isAddressInCidrs(`::ffff:${v4Text(ip)}`, [cidr])).toBe(isAddressInCidrs(v4Text(ip), [cidr]));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
