import { describe, expect, it } from '@jest/globals';
import { toAddressRecords } from './toAddressRecords.js';

describe('toAddressRecords', () => {
  it.each([
    [['100.64.0.1'], [{ type: 'A', address: '100.64.0.1' }]],
    [['fd7a:115c:a1e0::1'], [{ type: 'AAAA', address: 'fd7a:115c:a1e0::1' }]],
    [['FD00::A'], [{ type: 'AAAA', address: 'fd00::a' }]],
    [
      ['10.0.0.2', '::1', '10.0.0.1'],
      [
        { type: 'A', address: '10.0.0.2' },
        { type: 'AAAA', address: '::1' },
        { type: 'A', address: '10.0.0.1' },
      ],
    ],
    [
      ['10.0.0.1', '10.0.0.1', 'fd00::1', 'FD00::1'],
      [
        { type: 'A', address: '10.0.0.1' },
        { type: 'AAAA', address: 'fd00::1' },
      ],
    ],
  ])('%j → %j', (addresses, records) => {
    expect(toAddressRecords(addresses)).toEqual(records);
  });

  it.each([
    ['no address', []],
    ['a name', ['web.example.org']],
    ['a CIDR', ['10.0.0.0/8']],
    ['an address with a port', ['10.0.0.1:53']],
    ['an IPv6 zone index', ['fe80::1%eth0']],
    ['an octet out of range', ['10.0.0.256']],
    ['a newline', ['10.0.0.1\nsend']],
    ['an empty string', ['']],
  ])('refuses %s', (_, addresses) => {
    expect(() => toAddressRecords(addresses)).toThrow(expect.objectContaining({ code: 'INVALID_ADDRESS' }));
  });
});
