import { describe, expect, it } from '@jest/globals';
import { catchEdgeError } from './testing/catchEdgeError.js';
import { validateAllowedDomains } from './validateAllowedDomains.js';

describe('validateAllowedDomains', () => {
  it.each<[string[], string[]]>([
    [[], []],
    [['metacircular.net'], ['metacircular.net']],
    [
      ['Metacircular.NET', 'example.org', 'metacircular.net'],
      ['metacircular.net', 'example.org'],
    ],
  ])('normalizes %j to %j', (domains, expected) => {
    expect(validateAllowedDomains(domains)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ['a wildcard', ['*.metacircular.net'], 'allowed domain "*.metacircular.net" contains a wildcard'],
    ['a trailing dot', ['metacircular.net.'], 'ends with a dot'],
    ['an empty entry', ['metacircular.net', ''], 'allowed domain "" is empty'],
    ['a non-string entry', [null], 'allowed domain must be a string, got object'],
    ['a string instead of a list', 'metacircular.net', 'must be a list'],
  ])('refuses %s', (_, domains, message) => {
    const error = catchEdgeError(() => validateAllowedDomains(domains as string[]));
    expect(error.code).toBe('INVALID_ALLOWED_DOMAIN');
    expect(error.message).toContain(message);
  });
});
