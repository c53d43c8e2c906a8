import { describe, expect, it } from '@jest/globals';
import { normalizeHostname } from './normalizeHostname.js';
import { catchEdgeError } from './testing/catchEdgeError.js';

const label63 = 'a'.repeat(63);
// 4 × 63 + 3 dots = 255; trim to exactly 253.
const name253 = `${label63}.${label63}.${label63}.${'a'.repeat(61)}`;

describe('normalizeHostname', () => {
  it.each<[string, string]>([
    ['metacircular.net', 'metacircular.net'],
    ['A.Metacircular.NET', 'a.metacircular.net'],
    ['localhost', 'localhost'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['a-b.c--d.example', 'a-b.c--d.example'],
    ['0.example', '0.example'],
    ['1a.2b', '1a.2b'],
    [label63 + '.example', label63 + '.example'],
    [name253, name253],
  ])('accepts %j as %j', (raw, name) => {
    expect(normalizeHostname(raw)).toBe(name);
  });

  it.each<[string, unknown, string]>([
    ['empty', '', 'is empty'],
    ['trailing dot', 'metacircular.net.', 'ends with a dot'],
    ['leading dot', '.metacircular.net', 'has an empty label'],
    ['double dot', 'a..metacircular.net', 'has an empty label'],
    ['lone dot', '.', 'ends with a dot'],
    ['wildcard', '*.metacircular.net', 'wildcard'],
    ['wildcard inside a label', 'a*b.metacircular.net', 'wildcard'],
    ['leading hyphen', '-a.metacircular.net', 'starts or ends with a hyphen'],
    ['trailing hyphen', 'a-.metacircular.net', 'starts or ends with a hyphen'],
    ['underscore', 'a_b.metacircular.net', 'outside a-z, 0-9 and "-"'],
    ['non-ASCII letter', 'bücher.metacircular.net', 'non-ASCII'],
    ['Kelvin sign that lowercases to k', '\u212Aa.metacircular.net', 'non-ASCII'],
    ['fullwidth dot', 'a\u3002metacircular.net', 'non-ASCII'],
    ['space', 'a b.metacircular.net', 'whitespace or control'],
    ['NUL', 'a\u0000.metacircular.net', 'whitespace or control'],
    ['DEL', 'a\u007f.metacircular.net', 'whitespace or control'],
    ['port', 'metacircular.net:443', 'outside a-z'],
    ['URL', 'https://metacircular.net', 'outside a-z'],
    ['label of 64', 'a'.repeat(64) + '.example', 'longer than 63 characters'],
    ['name of 254', 'a' + name253, 'longer than 253 characters'],
    ['IPv4 address', '100.64.0.1', 'all-numeric'],
    ['not a string', 42, 'must be a string, got number'],
  ])('refuses %s', (_, raw, reason) => {
    const error = catchEdgeError(() => normalizeHostname(raw as string));
    expect(error.code).toBe('INVALID_HOSTNAME');
    expect(error.message).toContain(reason);
    expect(error.message.startsWith('hostname ')).toBe(true);
    expect(error.field).toBeUndefined();
  });

  it('shortens a huge input in its message', () => {
    const error = catchEdgeError(() => normalizeHostname('_'.repeat(10_000)));
    expect(error.message.length).toBeLessThan(200);
  });
});
