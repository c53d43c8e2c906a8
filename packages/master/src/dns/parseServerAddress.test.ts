import { describe, expect, it } from '@jest/globals';
import { parseServerAddress } from './parseServerAddress.js';

describe('parseServerAddress', () => {
  it.each([
    ['127.0.0.1:5353', '127.0.0.1', 5353],
    ['127.0.0.1', '127.0.0.1', 53],
    ['ns1.example.org:53', 'ns1.example.org', 53],
    ['ns1.example.org', 'ns1.example.org', 53],
    ['[::1]:5353', '::1', 5353],
    ['[fd00::53]', 'fd00::53', 53],
    ['fd00::53', 'fd00::53', 53],
  ])('%s → %s port %i', (server, host, port) => {
    expect(parseServerAddress(server)).toEqual({ host, port });
  });

  it.each([
    [''],
    [':53'],
    ['127.0.0.1:'],
    ['127.0.0.1:0'],
    ['127.0.0.1:65536'],
    ['127.0.0.1:5x'],
    ['a b:53'],
    ['[::1]x'],
    ['[fe80::1%eth0]:53'],
    ['ns\n:53'],
  ])('refuses %j', (server) => {
    expect(() => parseServerAddress(server)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
