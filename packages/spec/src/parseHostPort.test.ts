import { describe, expect, it } from '@jest/globals';
import { parseHostPort, type HostPort } from './parseHostPort.js';

describe('parseHostPort', () => {
  it.each<[string, HostPort]>([
    ['0.0.0.0:9444', { host: '0.0.0.0', port: 9444 }],
    ['100.64.0.1:1', { host: '100.64.0.1', port: 1 }],
    ['[::1]:65535', { host: '::1', port: 65535 }],
    ['[fd00::1]:443', { host: 'fd00::1', port: 443 }],
    ['rift:9443', { host: 'rift', port: 9443 }],
    ['Rift.tailnet.ts.net:9443', { host: 'Rift.tailnet.ts.net', port: 9443 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
  ])('%s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  it.each([
    'rift',
    ':9443',
    'rift:',
    'rift:0',
    'rift:65536',
    'rift:123456',
    'rift:http',
    '::1:9443',
    '[::1:9443',
    '[nope]:1',
    '300.1.1.1:80',
    '1.2.3:80',
    '-rift:80',
    'ri_ft:80',
    'a b:80',
  ])('refuses %j', (text) => {
    expect(() => parseHostPort(text)).toThrow(
      `must be "host:port" (IPv4, [IPv6] or hostname; port 1-65535), got ${JSON.stringify(text)}`,
    );
  });
});
