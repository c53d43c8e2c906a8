import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isIP } from 'node:net';
import { EdgeError } from './EdgeError.js';
import { parseIpAddress } from './parseIpAddress.js';
import { catchEdgeError } from './testing/catchEdgeError.js';

describe('parseIpAddress', () => {
  it.each<[string, 4 | 6, bigint, string]>([
    ['100.64.1.2', 4, 0x64400102n, '100.64.1.2'],
    ['0.0.0.0', 4, 0n, '0.0.0.0'],
    ['255.255.255.255', 4, 0xffffffffn, '255.255.255.255'],
    ['::', 6, 0n, '::'],
    ['::1', 6, 1n, '::1'],
    ['1::', 6, 1n << 112n, '1::'],
    ['FD7A:115C:A1E0::1', 6, (0xfd7a115ca1e0n << 80n) | 1n, 'fd7a:115c:a1e0::1'],
    ['2001:db8:0:0:1:0:0:1', 6, 0x20010db8000000000001000000000001n, '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0002:0001', 6, 0x20010db8000000000000000000020001n, '2001:db8::2:1'],
    ['1:0:1:1:1:1:1:1', 6, 0x00010000000100010001000100010001n, '1:0:1:1:1:1:1:1'],
    ['1:2:3:4:5:6:7::', 6, 0x00010002000300040005000600070000n, '1:2:3:4:5:6:7:0'],
    ['::ffff:100.64.1.2', 6, 0xffff64400102n, '::ffff:100.64.1.2'],
    ['::ffff:6440:102', 6, 0xffff64400102n, '::ffff:100.64.1.2'],
    ['0:0:0:0:0:ffff:100.64.1.2', 6, 0xffff64400102n, '::ffff:100.64.1.2'],
    ['1:2:3:4:5:6:1.2.3.4', 6, 0x00010002000300040005000601020304n, '1:2:3:4:5:6:102:304'],
  ])('parses %s', (text, family, value, canonical) => {
    expect(parseIpAddress(text)).toEqual({ family, value, text: canonical });
  });

  it.each<unknown>([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.04',
    '0x1.2.3.4',
    '1.2.3.4 ',
    ' 1.2.3.4',
    '1.2.3.-4',
    ':',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    'g::',
    ':1::',
    '1::2:',
    '::1.2.3',
    '1.2.3.4::',
    '::1.2.3.4:5',
    'fe80::1%eth0',
    '[::1]',
    '::1/128',
    '1:2:3:4:5:6:7:1.2.3.4',
    '1::2:3:4:5:6:7:8',
    'localhost',
    3232235777,
  ])('refuses %j', (text) => {
    const error = catchEdgeError(() => parseIpAddress(text as string));
    expect(error.code).toBe('INVALID_IP_ADDRESS');
    expect(error.message).toContain('is not an IPv4 or IPv6 address');
  });

  // node:net is a second, independent parser. It accepts zone indices, which we refuse.
  const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
  const group = fc.oneof(
    fc.nat(0xffff).map((n) => n.toString(16)),
    fc.constant('0'),
    fc.constant('0000'),
  );
  const v6 = fc
    .tuple(fc.array(group, { minLength: 8, maxLength: 8 }), fc.nat(8), fc.nat(8), fc.boolean(), v4)
    .map(([groups, from, length, dotted, tail]) => {
      const parts: string[] = dotted ? [...groups.slice(0, 6), tail] : groups;
      const end = Math.min(parts.length, from + length);
      return from < end
        ? `${parts.slice(0, from).join(':')}::${parts.slice(end).join(':')}`
        : parts.join(':');
    });
  const mutate = fc.tuple(fc.nat(50), fc.constantFrom('', ':', '.', '::', '0', 'f', 'g', '1.', '%')).map(
    ([at, insert]) =>
      (text: string): string =>
        text.slice(0, at % (text.length + 1)) +
        insert +
        text.slice((at % (text.length + 1)) + (insert === '' ? 1 : 0)),
  );

  it('agrees with node:net on valid and mutated addresses', () => {
    fc.assert(
      fc.property(fc.oneof(v4, v6), fc.option(mutate), (text, edit) => {
        const input = edit === null ? text : edit(text);
        fc.pre(!input.includes('%'));
        let ours: number;
        try {
          ours = parseIpAddress(input).family;
        } catch (error) {
          expect(error).toBeInstanceOf(EdgeError);
          ours = 0;
        }
        expect(ours).toBe(isIP(input));
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips through its canonical text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        const full = Array.from({ length: 8 }, (_, i) =>
          ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16),
        ).join(':');
        const parsed = parseIpAddress(full);
        expect(parsed.value).toBe(value);
        expect(parseIpAddress(parsed.text)).toEqual(parsed);
      }),
    );
  });
});
