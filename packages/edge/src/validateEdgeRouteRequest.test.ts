import { describe, expect, it } from '@jest/globals';
import { catchEdgeError } from './testing/catchEdgeError.js';
import type { EdgeRouteRequest, EdgeRouteRules } from './types.js';
import { validateEdgeRouteRequest } from './validateEdgeRouteRequest.js';

const rules: EdgeRouteRules = { allowedDomains: ['metacircular.net'], zone: 'metacircular.net' };
const good: EdgeRouteRequest = {
  hostname: 'Hello.Metacircular.net',
  backendHostname: 'Hello.svc.mcp.metacircular.net',
  backendPort: 10443,
  backendTls: true,
};

describe('validateEdgeRouteRequest', () => {
  it.each<[Partial<EdgeRouteRequest>, Partial<EdgeRouteRequest>]>([
    [{}, { hostname: 'hello.metacircular.net', backendHostname: 'hello.svc.mcp.metacircular.net' }],
    [{ hostname: 'metacircular.net' }, { hostname: 'metacircular.net' }],
    [{ backendPort: 1 }, { backendPort: 1 }],
    [{ backendPort: 65535 }, { backendPort: 65535 }],
  ])('accepts %j', (change, expected) => {
    expect(validateEdgeRouteRequest({ ...good, ...change }, rules)).toEqual({
      hostname: 'hello.metacircular.net',
      backendHostname: 'hello.svc.mcp.metacircular.net',
      backendPort: 10443,
      backendTls: true,
      ...expected,
    });
  });

  it.each<[string, Record<string, unknown>, string, string, string]>([
    [
      'a name under no allowed domain',
      { hostname: 'evilmetacircular.net' },
      'HOSTNAME_NOT_ALLOWED',
      'hostname',
      'hostname: "evilmetacircular.net" is not under an allowed domain (metacircular.net)',
    ],
    [
      'a malformed public name',
      { hostname: '*.metacircular.net' },
      'INVALID_HOSTNAME',
      'hostname',
      'hostname: "*.metacircular.net" contains a wildcard',
    ],
    [
      'an internal public name',
      { hostname: 'hello.svc.mcp.metacircular.net' },
      'HOSTNAME_IS_INTERNAL',
      'hostname',
      'hostname: ',
    ],
    [
      'a missing public name',
      { hostname: undefined },
      'INVALID_HOSTNAME',
      'hostname',
      'hostname: must be a string, got undefined',
    ],
    [
      'a public backend',
      { backendHostname: 'hello.metacircular.net' },
      'BACKEND_HOSTNAME_NOT_INTERNAL',
      'backend_hostname',
      'backend_hostname: "hello.metacircular.net" is not under svc.mcp.metacircular.net',
    ],
    [
      'a malformed backend',
      { backendHostname: 'a..svc.mcp.metacircular.net' },
      'INVALID_HOSTNAME',
      'backend_hostname',
      'backend_hostname: ',
    ],
    [
      'port 0',
      { backendPort: 0 },
      'INVALID_PORT',
      'backend_port',
      'backend_port: must be a whole number from 1 to 65535, got 0',
    ],
    ['port 65536', { backendPort: 65536 }, 'INVALID_PORT', 'backend_port', 'got 65536'],
    ['a fractional port', { backendPort: 80.5 }, 'INVALID_PORT', 'backend_port', 'got 80.5'],
    ['a NaN port', { backendPort: NaN }, 'INVALID_PORT', 'backend_port', 'got NaN'],
    ['a string port', { backendPort: '443' }, 'INVALID_PORT', 'backend_port', 'got a string'],
    ['plaintext', { backendTls: false }, 'BACKEND_TLS_REQUIRED', 'backend_tls', 'backend_tls: must be true'],
    [
      'a missing TLS flag',
      { backendTls: undefined },
      'BACKEND_TLS_REQUIRED',
      'backend_tls',
      'backend_tls: must be true',
    ],
    [
      'a truthy TLS flag',
      { backendTls: 'true' },
      'BACKEND_TLS_REQUIRED',
      'backend_tls',
      'backend_tls: must be true',
    ],
  ])('refuses %s', (_, change, code, field, message) => {
    const error = catchEdgeError(() => validateEdgeRouteRequest({ ...good, ...change }, rules));
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it('reports the first bad field, in wire order', () => {
    const error = catchEdgeError(() =>
      validateEdgeRouteRequest(
        { hostname: 'x.evil.com', backendHostname: 'x', backendPort: 0, backendTls: false },
        rules,
      ),
    );
    expect(error.field).toBe('hostname');
  });

  it.each<[string, EdgeRouteRules, string]>([
    [
      'a malformed allowed domain',
      { ...rules, allowedDomains: ['metacircular.net.'] },
      'INVALID_ALLOWED_DOMAIN',
    ],
    ['a malformed zone', { ...rules, zone: '' }, 'INVALID_ZONE'],
  ])('refuses rules with %s before looking at the request', (_, badRules, code) => {
    const error = catchEdgeError(() => validateEdgeRouteRequest(good, badRules));
    expect(error.code).toBe(code);
    expect(error.field).toBeUndefined();
  });
});
