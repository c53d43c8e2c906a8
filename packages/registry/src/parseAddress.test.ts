import { describe, expect, it } from '@jest/globals';
import { parseAddress, type ParsedAddress } from './parseAddress.js';
import { RegistryError } from './RegistryError.js';

describe('parseAddress', () => {
  it.each<[string, ParsedAddress]>([
    ['100.64.0.2:9444', { host: '100.64.0.2', port: 9444, kind: 'ipv4' }],
    ['0.0.0.0:1', { host: '0.0.0.0', port: 1, kind: 'ipv4' }],
    ['255.255.255.255:65535', { host: '255.255.255.255', port: 65535, kind: 'ipv4' }],
    ['[::1]:9444', { host: '::1', port: 9444, kind: 'ipv6' }],
    ['[::]:80', { host: '::', port: 80, kind: 'ipv6' }],
    ['[fd7a:115c:a1e0::1]:9444', { host: 'fd7a:115c:a1e0::1', port: 9444, kind: 'ipv6' }],
    ['[2001:db8:0:0:0:0:0:1]:443', { host: '2001:db8:0:0:0:0:0:1', port: 443, kind: 'ipv6' }],
    ['[FD7A::AbCd]:443', { host: 'FD7A::AbCd', port: 443, kind: 'ipv6' }],
    ['[::ffff:100.64.0.2]:9444', { host: '::ffff:100.64.0.2', port: 9444, kind: 'ipv6' }],
    ['[1:2:3:4:5:6:7::]:1', { host: '1:2:3:4:5:6:7::', port: 1, kind: 'ipv6' }],
    ['rift:9444', { host: 'rift', port: 9444, kind: 'dns' }],
    ['rift.tailnet-1.ts.net:9444', { host: 'rift.tailnet-1.ts.net', port: 9444, kind: 'dns' }],
    ['Orion.Example.COM:22', { host: 'Orion.Example.COM', port: 22, kind: 'dns' }],
    ['1rift.example.com:22', { host: '1rift.example.com', port: 22, kind: 'dns' }],
    [`${'a'.repeat(63)}.com:1`, { host: `${'a'.repeat(63)}.com`, port: 1, kind: 'dns' }],
  ])('accepts %s', (address, parsed) => {
    expect(parseAddress(address)).toEqual(parsed);
  });

  it.each<[string, string, string]>([
    ['empty', '', 'must be host:port'],
    ['a bare word', 'foo', 'must be host:port'],
    ['a host without a port', '100.64.0.2', 'must be host:port'],
    ['a trailing colon', 'rift:', 'the port is missing'],
    ['a missing host', ':9444', 'the host is missing'],
    ['spaces', 'rift: 9444', 'without spaces'],
    ['a leading space', ' rift:9444', 'without spaces'],
    ['a newline', 'rift:9444\n', 'without spaces'],
    ['port 0', 'rift:0', 'port must be a number from 1 to 65535'],
    ['port 65536', 'rift:65536', 'port must be a number from 1 to 65535'],
    ['a leading zero in the port', 'rift:09444', 'port must be a number from 1 to 65535'],
    ['a signed port', 'rift:+80', 'port must be a number from 1 to 65535'],
    ['a named port', 'rift:http', 'port must be a number from 1 to 65535'],
    ['a huge port', 'rift:99999999', 'port must be a number from 1 to 65535'],
    ['an octet above 255', '256.1.1.1:80', 'host must be a valid IPv4 address'],
    ['three octets', '1.2.3:80', 'host must be a valid IPv4 address'],
    ['five octets', '1.2.3.4.5:80', 'host must be a valid IPv4 address'],
    ['a leading zero in an octet', '10.0.0.01:80', 'host must be a valid IPv4 address'],
    ['an empty octet', '10..0.1:80', 'host must be a valid IPv4 address'],
    ['an unbracketed IPv6 host', '::1:9444', 'must be in brackets'],
    ['an unbracketed IPv6 host without port', 'fd7a::1', 'must be in brackets'],
    ['an unclosed bracket', '[::1:9444', 'closing "]"'],
    ['a bracketed host without port', '[::1]', 'the port is missing'],
    ['a bracketed host with junk before the port', '[::1]x:80', 'the port is missing'],
    ['a bracketed IPv4 host', '[100.64.0.2]:80', 'valid IPv6 address'],
    ['a bracketed hostname', '[rift]:80', 'valid IPv6 address'],
    ['empty brackets', '[]:80', 'valid IPv6 address'],
    ['two gaps', '[1::2::3]:80', 'valid IPv6 address'],
    ['three colons', '[:::]:80', 'valid IPv6 address'],
    ['nine groups', '[1:2:3:4:5:6:7:8:9]:80', 'valid IPv6 address'],
    ['seven groups without a gap', '[1:2:3:4:5:6:7]:80', 'valid IPv6 address'],
    ['a gap standing for no group', '[1:2:3:4::5:6:7:8]:80', 'valid IPv6 address'],
    ['a five-digit group', '[12345::1]:80', 'valid IPv6 address'],
    ['a zone id', '[fe80::1%eth0]:80', 'valid IPv6 address'],
    ['a bad IPv4 tail', '[::ffff:1.2.3]:80', 'valid IPv6 address'],
    ['too many groups before an IPv4 tail', '[1:2:3:4:5:6:7:1.2.3.4]:80', 'valid IPv6 address'],
    ['an underscore', 'my_host:80', 'or a DNS hostname'],
    ['a label starting with a hyphen', '-rift:80', 'or a DNS hostname'],
    ['a label ending with a hyphen', 'rift-.example:80', 'or a DNS hostname'],
    ['an empty label', 'rift..example:80', 'or a DNS hostname'],
    ['a trailing dot', 'rift.example.:80', 'or a DNS hostname'],
    ['a label of 64 characters', `${'a'.repeat(64)}.com:80`, 'or a DNS hostname'],
    ['a hostname over 253 characters', `${'abcdefghi.'.repeat(26)}com:80`, 'or a DNS hostname'],
    ['a numeric top-level label', 'rift.123:80', 'or a DNS hostname'],
    ['a URL', 'https://rift:9444', 'or a DNS hostname'],
    ['a path', 'rift/x:9444', 'or a DNS hostname'],
  ])('refuses %s', (_, address, reason) => {
    let caught: unknown;
    try {
      parseAddress(address);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RegistryError);
    expect(caught).toMatchObject({ code: 'INVALID_ADDRESS', field: 'address' });
    const message = (caught as Error).message;
    expect(message).toMatch(/^address: /);
    expect(message).toContain(reason);
    expect(message.endsWith(`, got ${JSON.stringify(address)}`)).toBe(true);
  });

  it('names the address in the message exactly as the issue shows', () => {
    expect(() => parseAddress('foo')).toThrow('address: must be host:port, got "foo"');
  });

  it('refuses a value that is not a string', () => {
    expect(() => parseAddress(undefined as unknown as string)).toThrow(
      'address: must be host:port, got undefined',
    );
  });
});
