import { describe, expect, it } from '@jest/globals';
import { parseCidr } from './parseCidr.js';
import { catchEdgeError } from './testing/catchEdgeError.js';
import { validateBackendAddresses } from './validateBackendAddresses.js';

const backend = 'api.svc.mcp.metacircular.net';

describe('validateBackendAddresses', () => {
  it.each<[string[], (string | ReturnType<typeof parseCidr>)[] | undefined, string[]]>([
    [['100.64.1.2'], undefined, ['100.64.1.2']],
    [['100.64.1.2', '::ffff:100.100.0.1'], undefined, ['100.64.1.2', '::ffff:100.100.0.1']],
    [['FD7A:115C:A1E0::0001'], ['fd7a:115c:a1e0::/48'], ['fd7a:115c:a1e0::1']],
    [['10.1.2.3'], [parseCidr('10.0.0.0/8')], ['10.1.2.3']],
  ])('accepts %j', (addresses, cidrs, expected) => {
    expect(validateBackendAddresses(backend, addresses, cidrs)).toEqual(expected);
  });

  it.each<[string[], string[] | undefined, string, string]>([
    [[], undefined, 'NO_BACKEND_ADDRESS', 'backend "api.svc.mcp.metacircular.net" resolved to no address'],
    [
      ['8.8.8.8'],
      undefined,
      'BACKEND_ADDRESS_NOT_ALLOWED',
      'resolves to 8.8.8.8, outside the allowed CIDRs (100.64.0.0/10)',
    ],
    [['100.64.1.2', '127.0.0.1'], undefined, 'BACKEND_ADDRESS_NOT_ALLOWED', 'resolves to 127.0.0.1'],
    [['100.64.1.2'], [], 'BACKEND_ADDRESS_NOT_ALLOWED', '(none configured)'],
    [['100.64.1'], undefined, 'INVALID_IP_ADDRESS', '"100.64.1" is not an IPv4 or IPv6 address'],
    [['100.64.1.2'], ['100.64.0.0/99'], 'INVALID_CIDR', 'out of range'],
  ])('refuses %j against %j', (addresses, cidrs, code, message) => {
    const error = catchEdgeError(() => validateBackendAddresses(backend, addresses, cidrs));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });
});
