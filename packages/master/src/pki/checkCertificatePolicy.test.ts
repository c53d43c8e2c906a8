import { describe, expect, it } from '@jest/globals';
import { checkCertificatePolicy, type CertificateRole } from './checkCertificatePolicy.js';
import type { CsrNames } from './readCsrNames.js';

const ZONE = 'metacircular.net';
const ALLOWED = ['metacircular.net', 'example.org'];

function names(dnsNames: string[], more: Partial<CsrNames> = {}): CsrNames {
  return { commonName: undefined, dnsNames, ipAddresses: [], otherSans: [], ...more };
}

function check(
  role: CertificateRole,
  requested: CsrNames | string[],
  identity = `agent-${role === 'edge' ? 'svc' : 'orion'}`,
) {
  return checkCertificatePolicy({ identity, role, names: requested, zone: ZONE, allowedDomains: ALLOWED });
}

describe('checkCertificatePolicy', () => {
  it.each<[string, CertificateRole, CsrNames | string[], string[]]>([
    [
      'worker, one internal name',
      'worker',
      ['api.svc.mcp.metacircular.net'],
      ['api.svc.mcp.metacircular.net'],
    ],
    [
      'worker, deeper and uppercase, deduplicated',
      'worker',
      ['A.B.svc.mcp.metacircular.net', 'a.b.svc.mcp.metacircular.net'],
      ['a.b.svc.mcp.metacircular.net'],
    ],
    [
      'worker, CN among the SANs',
      'worker',
      names(['api.svc.mcp.metacircular.net'], { commonName: 'API.svc.mcp.metacircular.net' }),
      ['api.svc.mcp.metacircular.net'],
    ],
    [
      'master, internal names',
      'master',
      ['mcr.svc.mcp.metacircular.net', 'git.svc.mcp.metacircular.net'],
      ['mcr.svc.mcp.metacircular.net', 'git.svc.mcp.metacircular.net'],
    ],
    ['edge, the apex of an allowed domain', 'edge', ['metacircular.net'], ['metacircular.net']],
    [
      'edge, names under two allowed domains',
      'edge',
      ['www.metacircular.net', 'a.example.org'],
      ['www.metacircular.net', 'a.example.org'],
    ],
  ])('allows %s', (_name, role, requested, expected) => {
    expect(check(role, requested)).toEqual(expected);
  });

  it.each<[string, CertificateRole, CsrNames | string[], string, string]>([
    [
      'worker, a public name',
      'worker',
      ['www.metacircular.net'],
      'POLICY_DENIED',
      'agent-orion (worker) may not get a certificate for "www.metacircular.net": workers only get names under svc.mcp.metacircular.net',
    ],
    [
      'worker, the internal suffix itself',
      'worker',
      ['svc.mcp.metacircular.net'],
      'POLICY_DENIED',
      '"svc.mcp.metacircular.net": workers only get names under',
    ],
    [
      'worker, a near-miss suffix',
      'worker',
      ['api.evilsvc.mcp.metacircular.net'],
      'POLICY_DENIED',
      '"api.evilsvc.mcp.metacircular.net"',
    ],
    [
      'worker, another zone',
      'worker',
      ['api.svc.mcp.example.org'],
      'POLICY_DENIED',
      '"api.svc.mcp.example.org"',
    ],
    [
      'master, a public name',
      'master',
      ['metacircular.net'],
      'POLICY_DENIED',
      'masters only get names under svc.mcp.metacircular.net',
    ],
    [
      'edge, an internal name',
      'edge',
      ['api.svc.mcp.metacircular.net'],
      'POLICY_DENIED',
      'agent-svc (edge) may not get a certificate for "api.svc.mcp.metacircular.net": internal names (under svc.mcp.metacircular.net) never go on edge certificates',
    ],
    [
      'edge, the internal suffix itself',
      'edge',
      ['svc.mcp.metacircular.net'],
      'POLICY_DENIED',
      'never go on edge certificates',
    ],
    [
      'edge, another domain',
      'edge',
      ['www.example.com'],
      'POLICY_DENIED',
      '"www.example.com": edge agents only get names under the allowed public domains (metacircular.net, example.org)',
    ],
    ['edge, a near-miss domain', 'edge', ['evilmetacircular.net'], 'POLICY_DENIED', '"evilmetacircular.net"'],
    [
      'edge, a near-miss subdomain',
      'edge',
      ['www.evilmetacircular.net'],
      'POLICY_DENIED',
      '"www.evilmetacircular.net"',
    ],
    [
      'edge, one bad name among good ones',
      'edge',
      ['www.metacircular.net', 'x.example.net'],
      'POLICY_DENIED',
      '"x.example.net"',
    ],
    [
      'a wildcard',
      'worker',
      ['*.svc.mcp.metacircular.net'],
      'POLICY_DENIED',
      '"*.svc.mcp.metacircular.net": wildcard names are never certified',
    ],
    ['an edge wildcard', 'edge', ['*.metacircular.net'], 'POLICY_DENIED', 'wildcard'],
    [
      'an IP SAN',
      'worker',
      names(['api.svc.mcp.metacircular.net'], { ipAddresses: ['100.64.0.1'] }),
      'POLICY_DENIED',
      '"100.64.0.1": IP addresses are never certified',
    ],
    [
      'an email SAN',
      'worker',
      names(['api.svc.mcp.metacircular.net'], { otherSans: ['email:a@b.c'] }),
      'POLICY_DENIED',
      '"email:a@b.c": certificates carry DNS names only',
    ],
    [
      'a CN that is not a SAN',
      'worker',
      names(['api.svc.mcp.metacircular.net'], { commonName: 'www.metacircular.net' }),
      'POLICY_DENIED',
      '"www.metacircular.net": the common name must be one of',
    ],
    [
      'too many names',
      'worker',
      Array.from({ length: 21 }, (_, i) => `c${i}.svc.mcp.metacircular.net`),
      'POLICY_DENIED',
      'more than 20 names',
    ],
    ['no name', 'worker', [], 'BAD_CSR', 'names no DNS name'],
    [
      'only a CN',
      'worker',
      names([], { commonName: 'api.svc.mcp.metacircular.net' }),
      'BAD_CSR',
      'names no DNS name',
    ],
    [
      'a malformed name',
      'worker',
      ['bad_label.svc.mcp.metacircular.net'],
      'BAD_CSR',
      '"bad_label.svc.mcp.metacircular.net"',
    ],
    ['a name with a trailing dot', 'edge', ['www.metacircular.net.'], 'BAD_CSR', 'ends with a dot'],
  ])('refuses %s', (_name, role, requested, code, message) => {
    expect(() => check(role, requested)).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(message) }),
    );
  });

  it.each([['alice'], ['mcp-master'], ['agent-'], ['agent-Orion']])(
    'refuses the non-agent identity %s',
    (identity) => {
      expect(() => check('worker', ['api.svc.mcp.metacircular.net'], identity)).toThrow(
        expect.objectContaining({
          code: 'POLICY_DENIED',
          message: expect.stringContaining('only agent-<node> identities'),
        }),
      );
    },
  );

  it.each([
    ['a bad zone', { zone: 'bad zone' }],
    ['a bad allowed domain', { allowedDomains: ['*.example.org'] }],
    ['a bad role', { role: 'admin' as CertificateRole }],
    ['a bad maxNames', { maxNames: 0 }],
  ])('reports %s as INVALID_OPTION', (_name, override) => {
    const input = {
      identity: 'agent-svc',
      role: 'edge' as const,
      names: ['a.example.org'],
      zone: ZONE,
      allowedDomains: ALLOWED,
    };
    expect(() => checkCertificatePolicy({ ...input, ...override })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });

  it('refuses internal names to edges even when the zone is an allowed domain', () => {
    expect(() => check('edge', ['api.svc.mcp.metacircular.net'])).toThrow(
      expect.objectContaining({ code: 'POLICY_DENIED' }),
    );
    expect(ALLOWED).toContain(ZONE);
  });
});
