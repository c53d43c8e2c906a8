import { describe, expect, it } from '@jest/globals';
import { DEFAULT_BACKEND_CIDRS } from './defaults.js';
import { catchEdgeError } from './testing/catchEdgeError.js';
import { validateCidrs } from './validateCidrs.js';

describe('validateCidrs', () => {
  it.each<[readonly string[], string[]]>([
    [[], []],
    [DEFAULT_BACKEND_CIDRS, ['100.64.0.0/10']],
    [
      ['100.64.0.0/10', 'FD7A:115C:A1E0::/48'],
      ['100.64.0.0/10', 'fd7a:115c:a1e0::/48'],
    ],
  ])('parses %j', (cidrs, texts) => {
    expect(validateCidrs(cidrs).map((c) => c.text)).toEqual(texts);
  });

  it.each<[unknown, string]>([
    [['100.64.0.0/10', '10.0.0.0/33'], 'CIDR "10.0.0.0/33" has prefix length 33'],
    [['100.64.0.0/10', 'tailnet'], 'CIDR "tailnet" has no /prefix length'],
    ['100.64.0.0/10', 'must be a list'],
  ])('refuses %j', (cidrs, message) => {
    const error = catchEdgeError(() => validateCidrs(cidrs as string[]));
    expect(error.code).toBe('INVALID_CIDR');
    expect(error.message).toContain(message);
  });

  it('keeps the default frozen', () => {
    expect(Object.isFrozen(DEFAULT_BACKEND_CIDRS)).toBe(true);
  });
});
