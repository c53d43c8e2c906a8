import { describe, expect, it } from '@jest/globals';
import { closestKey } from './closestKey.js';
import { expandHome } from './expandHome.js';
import { cidr, dnsLabel, dnsName } from './commonFields.js';
import { tryParseSshTarget } from './parseSshTarget.js';
import { isReservedEnv, routePortEnv } from './routePortEnv.js';
import { formatIssue, type SpecIssue } from './SpecError.js';
import type { FieldType } from './TableReader.js';

/** What a field type makes of `raw`: its value, or the problems it reported. */
function read<T>(type: FieldType<T>, raw: unknown): T | string[] {
  const problems: string[] = [];
  const value = type(raw, (message) => problems.push(message));
  return problems.length ? problems : (value as T);
}

describe('field type dnsLabel', () => {
  it.each<[string, boolean]>([
    ['hello', true],
    ['a1-b2', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['-a', false],
    ['Hello', false],
    ['../etc', false],
  ])('%j → %s', (text, valid) => {
    expect(read(dnsLabel, text)).toEqual(valid ? text : [expect.stringContaining('must be a DNS label')]);
  });
});

describe('field type dnsName', () => {
  it.each<[string, boolean]>([
    ['metacircular.net', true],
    ['hello.svc.mcp.metacircular.net', true],
    ['Metacircular.net', false],
    ['example.net.', false],
    ['*.example.net', false],
    ['', false],
  ])('%j → %s', (text, valid) => {
    expect(read(dnsName, text)).toEqual(
      valid ? text : [expect.stringContaining('must be a lowercase DNS name')],
    );
  });
});

describe("field type cidr (the edge's rules)", () => {
  it.each<[string, boolean]>([
    ['100.64.0.0/10', true],
    ['0.0.0.0/0', true],
    ['10.0.0.1/32', true],
    ['fd00::/8', true],
    ['::/128', true],
    ['100.64.1.0/10', false],
    ['10.0.0.0/33', false],
    ['fd00::/129', false],
    ['10.0.0.0', false],
    ['10.0.0.0/8/8', false],
    ['host/8', false],
  ])('%j → %s', (text, valid) => {
    expect(read(cidr, text)).toEqual(valid ? text : [expect.stringContaining('must be a CIDR block')]);
  });

  it('says what is wrong with host bits set, and what was probably meant', () => {
    expect(read(cidr, '100.64.1.0/10')).toEqual([expect.stringContaining('did you mean 100.64.0.0/10?')]);
  });
});

describe('tryParseSshTarget', () => {
  it.each([
    ['root@rift', { user: 'root', host: 'rift', port: 22 }],
    ['kyle@100.64.0.2:2222', { user: 'kyle', host: '100.64.0.2', port: 2222 }],
    ['a.b@[fd00::1]', { user: 'a.b', host: 'fd00::1', port: 22 }],
    ['a@[fd00::1]:22', { user: 'a', host: 'fd00::1', port: 22 }],
    ['rift', undefined],
    ['@rift', undefined],
    ['root@', undefined],
    ['root@rift:0', undefined],
    ['root@::1', undefined],
    ['ro ot@rift', undefined],
  ])('%j', (text, expected) => {
    expect(tryParseSshTarget(text)).toEqual(expected);
  });
});

describe('routePortEnv', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'PORT'],
    ['http', 'PORT_HTTP'],
    ['admin-api', 'PORT_ADMIN_API'],
  ])('%j → %s', (name, env) => {
    expect(routePortEnv(name === undefined ? {} : { name })).toBe(env);
    expect(isReservedEnv(env)).toBe(true);
  });

  it('leaves other names alone', () => {
    expect(isReservedEnv('PORTS')).toBe(false);
    expect(isReservedEnv('port')).toBe(false);
  });
});

describe('closestKey', () => {
  it.each<[string, string | undefined]>([
    ['imag', 'image'],
    ['Image', 'image'],
    ['prot', 'port'],
    ['routs', 'routes'],
    ['x', undefined],
    ['weight', undefined],
  ])('%j → %j', (key, expected) => {
    expect(closestKey(key, ['name', 'image', 'port', 'routes', 'public'])).toBe(expected);
  });
});

describe('expandHome', () => {
  it.each([
    ['~', '/home/op'],
    ['~/x/y', '/home/op/x/y'],
    ['/abs', '/abs'],
    ['~other/x', '~other/x'],
  ])('%j → %j', (path, expected) => {
    expect(expandHome(path, '/home/op')).toBe(expected);
  });
});

describe('formatIssue', () => {
  it.each<[SpecIssue, string]>([
    [{ file: 'a.toml', line: 3, path: 'x', message: 'bad' }, 'a.toml:3: x: bad'],
    [{ file: 'a.toml', line: 3, column: 7, path: '', message: 'bad' }, 'a.toml:3:7: bad'],
    [{ file: 'a.toml', path: 'x', message: 'bad' }, 'a.toml: x: bad'],
    [{ line: 3, path: 'x', message: 'bad' }, 'line 3: x: bad'],
    [{ path: 'components[0].image', message: 'bad' }, 'components[0].image: bad'],
  ])('%j', (issue, expected) => {
    expect(formatIssue(issue)).toBe(expected);
  });
});
