import { describe, expect, it } from '@jest/globals';
import { catchEdgeError } from './testing/catchEdgeError.js';
import { validateBackendHostname } from './validateBackendHostname.js';

const zone = 'metacircular.net';

describe('validateBackendHostname', () => {
  it.each<[string, string]>([
    ['api.svc.mcp.metacircular.net', 'api.svc.mcp.metacircular.net'],
    ['API.Svc.MCP.metacircular.net', 'api.svc.mcp.metacircular.net'],
    ['a.b.svc.mcp.metacircular.net', 'a.b.svc.mcp.metacircular.net'],
  ])('accepts %s', (hostname, name) => {
    expect(validateBackendHostname(hostname, zone)).toBe(name);
  });

  it.each<[string, string, string, string]>([
    [
      'the bare suffix',
      'svc.mcp.metacircular.net',
      'BACKEND_HOSTNAME_NOT_INTERNAL',
      'is not under svc.mcp.metacircular.net',
    ],
    ['a glued label', 'apisvc.mcp.metacircular.net', 'BACKEND_HOSTNAME_NOT_INTERNAL', 'not under'],
    ['a public name', 'hello.metacircular.net', 'BACKEND_HOSTNAME_NOT_INTERNAL', 'not under'],
    [
      'the suffix in the middle',
      'api.svc.mcp.metacircular.net.evil.com',
      'BACKEND_HOSTNAME_NOT_INTERNAL',
      'not under',
    ],
    ['another zone', 'api.svc.mcp.example.org', 'BACKEND_HOSTNAME_NOT_INTERNAL', 'not under'],
    ['a trailing dot', 'api.svc.mcp.metacircular.net.', 'INVALID_HOSTNAME', 'ends with a dot'],
    ['an empty label', '.svc.mcp.metacircular.net', 'INVALID_HOSTNAME', 'empty label'],
    ['an IP address', '100.64.0.1', 'INVALID_HOSTNAME', 'all-numeric'],
    ['empty', '', 'INVALID_HOSTNAME', 'backend hostname "" is empty'],
  ])('refuses %s', (_, hostname, code, message) => {
    const error = catchEdgeError(() => validateBackendHostname(hostname, zone));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('checks the zone before the name', () => {
    expect(catchEdgeError(() => validateBackendHostname('', 'bad zone')).code).toBe('INVALID_ZONE');
  });
});
